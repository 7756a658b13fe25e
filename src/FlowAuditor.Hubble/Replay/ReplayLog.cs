using Microsoft.Extensions.Logging;

namespace FlowAuditor.Hubble.Replay;

internal static partial class ReplayLog
{
    [LoggerMessage(1, LogLevel.Information, "Replay server listening on {Address} with {Count} records")]
    public static partial void Listening(ILogger logger, string address, int count);

    [LoggerMessage(2, LogLevel.Debug, "GetFlows follow={Follow} number={Number} first={First} since={Since}")]
    public static partial void GetFlows(ILogger logger, bool follow, ulong number, bool first, string since);

    [LoggerMessage(3, LogLevel.Debug, "GetFlows stream ended after {Flows} flows")]
    public static partial void StreamEnded(ILogger logger, long flows);

    [LoggerMessage(4, LogLevel.Information, "Replay server stopped")]
    public static partial void Stopped(ILogger logger);
}
