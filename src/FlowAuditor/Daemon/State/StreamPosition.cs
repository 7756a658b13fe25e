using FlowAuditor.Core.Flows;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// How far the daemon has attributed the Hubble stream, per node: the latest flow time and the uuids of the flows in
/// the overlap before it. Persisted with the state it describes (one transaction), so after a restart, graceful or
/// not, the stream resumes at <see cref="ResumeFrom"/> and what was already counted is dropped here: older than the
/// overlap, or inside it with a uuid already seen. Node streams are in time order, so nothing newer is dropped.
/// </summary>
internal sealed class StreamPosition(TimeSpan overlap, int maxUuidsPerNode = 200_000)
{
    private readonly Dictionary<string, NodePosition> _nodes = new(StringComparer.Ordinal);

    public TimeSpan Overlap => overlap;

    public bool IsEmpty => _nodes.Count == 0;

    /// <summary>Where a stream should start so nothing after the position is missed: the earliest node's time minus the overlap.</summary>
    public DateTimeOffset? ResumeFrom => _nodes.Count == 0 ? null : _nodes.Values.Min(n => n.Latest) - overlap;

    /// <summary>False for a flow already counted (a resumed stream's overlap); true records it and moves the position.</summary>
    public bool Accept(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var time = flow.Time;
        if (time == default)
        {
            return true;
        }

        var uuid = OverlapUuid.Of(flow);
        var node = flow.NodeName ?? string.Empty;
        if (!_nodes.TryGetValue(node, out var position))
        {
            _nodes[node] = position = new NodePosition(time);
        }
        else if (time < position.Latest - overlap || (uuid is { } known && time <= position.Latest && position.Contains(known.Key)))
        {
            return false;
        }

        position.Add(time, uuid, overlap, maxUuidsPerNode);
        return true;
    }

    public IReadOnlyList<StoredNodePosition> Export() =>
        [.. _nodes.Select(n => new StoredNodePosition(n.Key, n.Value.Latest, n.Value.Uuids()))];

    public void Restore(IEnumerable<StoredNodePosition> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var node in stored)
        {
            var position = new NodePosition(node.Latest);
            foreach (var uuid in node.OverlapUuids)
            {
                position.Add(node.Latest, OverlapUuid.Of(uuid), overlap, maxUuidsPerNode);
            }

            _nodes[node.Node] = position;
        }
    }

    // Uuids are held as values (no string per flow to hash twice and keep for the overlap); text only for the rare
    // uuid that is not canonical, so that the state file stores what the agent sent.
    private sealed class NodePosition(DateTimeOffset latest)
    {
        private readonly Queue<(DateTimeOffset Time, OverlapUuid Uuid)> _recent = new();
        private readonly HashSet<Guid> _keys = [];

        public DateTimeOffset Latest { get; private set; } = latest;

        public bool Contains(Guid key) => _keys.Contains(key);

        public IReadOnlyList<string> Uuids() => [.. _recent.Select(r => r.Uuid.Text)];

        public void Add(DateTimeOffset time, OverlapUuid? uuid, TimeSpan overlap, int max)
        {
            if (time > Latest)
            {
                Latest = time;
            }

            if (uuid is { } added && _keys.Add(added.Key))
            {
                _recent.Enqueue((time, added));
            }

            while (_recent.Count > 0 && (_recent.Peek().Time < Latest - overlap || _recent.Count > max))
            {
                _keys.Remove(_recent.Dequeue().Uuid.Key);
            }
        }
    }
}
