namespace FlowAuditor.Daemon.State;

/// <summary>One node's stream position as stored: the latest attributed flow time and the uuids in the overlap before it.</summary>
internal sealed record StoredNodePosition(string Node, DateTimeOffset Latest, IReadOnlyList<string> OverlapUuids);
