using System.Net;
using FlowAuditor.Core.Attribution;
using FlowAuditor.Core.Flows;

namespace FlowAuditor.Core.Auditing;

/// <summary>Converts an audit session's open windows to and from <see cref="PersistedWindow"/>.</summary>
internal static class ConnectionWindows
{
    public static IReadOnlyList<PersistedWindow> Export(RecentKeys<ConnectionKey> attempts, RecentKeys<ConnectionKey> audited, ConnectionDeduplicator connections) =>
    [
        .. attempts.Open().Select(w => Of(WindowKind.Attempt, w.Key, null, null, w.Anchor, w.Last)),
        .. audited.Open().Select(w => Of(WindowKind.Audited, w.Key, null, null, w.Anchor, w.Last)),
        .. connections.Open().Select(w => Of(WindowKind.Connection, w.Key.Tuple, w.Key.Group, w.Key.Direction, w.Anchor, w.Last)),
    ];

    public static void Restore(IEnumerable<PersistedWindow> windows, RecentKeys<ConnectionKey> attempts, RecentKeys<ConnectionKey> audited, ConnectionDeduplicator connections)
    {
        foreach (var window in windows)
        {
            if (!TryAddress(window.Source, out var source) || !TryAddress(window.Destination, out var destination))
            {
                // A damaged row: without it, that attempt's next event just counts as a new one.
                continue;
            }

            var tuple = new ConnectionKey(source, destination, window.Protocol, window.SourcePort, window.DestinationPort);
            switch (window.Kind)
            {
                case WindowKind.Attempt:
                    attempts.Restore(tuple, window.Anchor, window.Last);
                    break;
                case WindowKind.Audited:
                    audited.Restore(tuple, window.Anchor, window.Last);
                    break;
                case WindowKind.Connection when window.Group is { } group:
                    connections.Restore(tuple, group, window.Direction, window.Anchor, window.Last);
                    break;
            }
        }
    }

    private static PersistedWindow Of(WindowKind kind, ConnectionKey tuple, FlowClass? group, Policies.TrafficDirection? direction, DateTimeOffset anchor, DateTimeOffset last) =>
        new(kind, tuple.Source?.ToString(), tuple.Destination?.ToString(), tuple.Protocol, tuple.SourcePort, tuple.DestinationPort, group, direction, anchor, last);

    private static bool TryAddress(string? text, out IPAddress? address)
    {
        address = null;
        return text is null || IPAddress.TryParse(text, out address);
    }
}
