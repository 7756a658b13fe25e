using FlowAuditor.Hubble.Api;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Hubble.Client;

internal static partial class HubbleClientLog
{
    [LoggerMessage(1, LogLevel.Information, "Connecting to Hubble at {Address}")]
    public static partial void Connecting(ILogger logger, string address);

    [LoggerMessage(2, LogLevel.Information,
        "Hubble server {Version}: {NumFlows}/{MaxFlows} flows buffered, {SeenFlows} seen, {ConnectedNodes} nodes connected, {UnavailableNodes} unavailable")]
    public static partial void ServerStatus(ILogger logger, string version, ulong numFlows, ulong maxFlows, ulong seenFlows, string connectedNodes, string unavailableNodes);

    [LoggerMessage(3, LogLevel.Warning, "Hubble server does not answer ServerStatus ({Status}); streaming anyway")]
    public static partial void ServerStatusUnavailable(ILogger logger, string status);

    [LoggerMessage(4, LogLevel.Warning, "Hubble stream broke ({Reason}); reconnecting in {Delay}")]
    public static partial void StreamBroken(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "Resuming Hubble stream since {Since:o}")]
    public static partial void Resuming(ILogger logger, DateTimeOffset since);

    [LoggerMessage(6, LogLevel.Warning, "Hubble lost {Count} events ({Source}) on node {Node}")]
    public static partial void LostEvents(ILogger logger, ulong count, LostEventSource source, string node);

    [LoggerMessage(7, LogLevel.Information, "Hubble node status {State}: {Nodes} {Message}")]
    public static partial void NodeStatus(ILogger logger, NodeState state, string nodes, string message);

    [LoggerMessage(8, LogLevel.Information, "Hubble refused field_mask ({Detail}); asking for whole flows from now on (older than 1.16?)")]
    public static partial void FieldMaskRejected(ILogger logger, string detail);
}
