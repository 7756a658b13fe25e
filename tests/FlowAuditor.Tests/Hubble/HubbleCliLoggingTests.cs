using FlowAuditor.Cli.Hubble;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Tests.Hubble;

/// <summary>
/// The Hubble commands' stderr logging: our warnings reach the user on one line each, with no stack trace, while the
/// HTTP and gRPC libraries' information stays out of a command line's output.
/// </summary>
public sealed class HubbleCliLoggingTests
{
    [Fact]
    public void At_warning_our_warnings_pass_and_information_does_not()
    {
        using var factory = HubbleCliLogging.Create(LogLevel.Warning);
        var logger = factory.CreateLogger("FlowAuditor.Hubble.Client.HubbleClient");

        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.False(logger.IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Grpc.Net.Client.Internal.GrpcCall")]
    public void At_information_the_libraries_still_log_only_warnings(string category)
    {
        using var factory = HubbleCliLogging.Create(LogLevel.Information);

        Assert.True(factory.CreateLogger("FlowAuditor.Hubble.Replay.ReplayServer").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger(category).IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger(category).IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void An_entry_is_one_line_with_level_category_and_event()
    {
        var text = Format(LogLevel.Warning, "Hubble stream broke (Unavailable:\nconnection refused); reconnecting in 00:00:01", exception: null);

        Assert.Equal("warn: FlowAuditor.Hubble.Client.HubbleClient[4] Hubble stream broke (Unavailable: connection refused); reconnecting in 00:00:01" + Environment.NewLine, text);
    }

    [Fact]
    public void An_exception_adds_its_type_and_message_but_no_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("the stream ended");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var text = Format(LogLevel.Error, "read failed", thrown);

        Assert.Equal("fail: FlowAuditor.Hubble.Client.HubbleClient[4] read failed System.InvalidOperationException: the stream ended" + Environment.NewLine, text);
    }

    private static string Format(LogLevel level, string message, Exception? exception)
    {
        var writer = new StringWriter();
        var entry = new LogEntry<string>(level, "FlowAuditor.Hubble.Client.HubbleClient", new EventId(4), message, exception, (state, _) => state);
        new SingleLineConsoleFormatter().Write(entry, scopeProvider: null, writer);
        return writer.ToString();
    }
}
