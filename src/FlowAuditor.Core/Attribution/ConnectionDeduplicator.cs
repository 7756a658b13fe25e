using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Attribution;

/// <summary>
/// Counts connection attempts, not events. One denied attempt yields a policy-verdict event and usually a drop event,
/// and every retransmitted SYN repeats both; all share the 5-tuple. Events of the same 5-tuple, direction and kind of
/// verdict within the window of the attempt's first event are the same attempt; the window is anchored there and
/// does not slide, so a tuple denied without pause counts one attempt per window.
/// </summary>
public sealed class ConnectionDeduplicator
{
    private readonly RecentKeys<(ConnectionKey Tuple, FlowClass Group, TrafficDirection? Direction)> _seen;

    public ConnectionDeduplicator(TimeSpan window, int maxEntries = 200_000) => _seen = new(window, maxEntries);

    /// <summary>True for the first event of a connection attempt in this direction; false for its repeats.</summary>
    public bool IsNewConnection(FlowRecord flow, FlowClass flowClass, TrafficDirection? direction = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return _seen.Touch((ConnectionKey.Of(flow), Group(flowClass), direction), flow.Time);
    }

    /// <summary>The open attempts (see <see cref="RecentKeys{TKey}.Open"/>), for the daemon's state store.</summary>
    public IEnumerable<((ConnectionKey Tuple, FlowClass Group, TrafficDirection? Direction) Key, DateTimeOffset Anchor, DateTimeOffset Last)> Open() => _seen.Open();

    public void Restore(ConnectionKey tuple, FlowClass group, TrafficDirection? direction, DateTimeOffset anchor, DateTimeOffset last) =>
        _seen.Restore((tuple, group, direction), anchor, last);

    // The drop codes of one attempt are one kind of verdict: a policy-verdict 133 and its drop event 133 are one.
    private static FlowClass Group(FlowClass flowClass) =>
        flowClass is FlowClass.PolicyDeny or FlowClass.AuthRequired ? FlowClass.PolicyDenied : flowClass;
}
