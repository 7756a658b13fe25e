using Microsoft.Extensions.Logging;

namespace FlowAuditor.Cli.Hubble;

/// <summary>Console logging on stderr, so stdout stays clean for flow output.</summary>
internal static class HubbleCliLogging
{
    public static ILoggerFactory Create(LogLevel minimum) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Grpc", LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
