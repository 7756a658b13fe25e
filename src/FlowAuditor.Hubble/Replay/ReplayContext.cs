using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Api.Peer;
using ObserverTls = FlowAuditor.Hubble.Api.TLS;

namespace FlowAuditor.Hubble.Replay;

/// <summary>What the service answers from: the feed, options, clock, and the status/nodes/namespaces views.</summary>
internal sealed class ReplayContext
{
    private long _served;
    private int _openStreams;

    public ReplayContext(ReplayFeed feed, ReplayServerOptions options, TimeProvider time)
    {
        Feed = feed;
        Options = options;
        Time = time;
        NodeName = options.NodeName ?? feed.Entries.Select(e => e.NodeName).FirstOrDefault(n => n.Length > 0) ?? "flowauditor-replay";
        NodeStatus = ReplayEntry.From(new GetFlowsResponse
        {
            NodeStatus = new NodeStatusEvent { StateChange = NodeState.NodeConnected, NodeNames = { feed.NodeNames } },
            NodeName = "flowauditor-replay",
        });
    }

    public ReplayFeed Feed { get; }

    public ReplayServerOptions Options { get; }

    public TimeProvider Time { get; }

    public ReplayEntry NodeStatus { get; }

    public string Address { get; set; } = "";

    /// <summary>The node this server stands for in peer.Peer/Notify.</summary>
    public string NodeName { get; }

    public long NowNanos() => (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    public void Served(long flows) => Interlocked.Add(ref _served, flows);

    /// <summary>GetFlows calls being served now (one until its client goes away, when it follows).</summary>
    public int OpenStreams => Volatile.Read(ref _openStreams);

    public void StreamOpened() => Interlocked.Increment(ref _openStreams);

    public void StreamClosed() => Interlocked.Decrement(ref _openStreams);

    public ServerStatusResponse Status()
    {
        var published = Feed.Published;
        var seen = Feed.Unbounded ? Interlocked.Read(ref _served) : published;
        var buffered = Feed.Unbounded ? Math.Min(seen, Options.RingSize) : published - Feed.Oldest(published);
        var uptime = Time.GetUtcNow() - Feed.StartedAt;
        return new ServerStatusResponse
        {
            NumFlows = (ulong)buffered,
            MaxFlows = (ulong)Options.RingSize,
            SeenFlows = (ulong)seen,
            UptimeNs = (ulong)(uptime.Ticks * 100),
            NumConnectedNodes = (uint)Feed.NodeNames.Count,
            NumUnavailableNodes = 0,
            Version = Options.Version ?? ReplayServer.Version,
            FlowsRate = Options.Rate ?? 0,
        };
    }

    /// <summary>What peer.Peer/Notify announces: this server first, then the configured peers.</summary>
    public IEnumerable<ChangeNotification> Peers()
    {
        yield return new ChangeNotification
        {
            Name = NodeName,
            Address = Address,
            Type = ChangeNotificationType.PeerAdded,
            Tls = Options.TlsCertFile is null ? null : new Api.Peer.TLS { ServerName = PeerNames.TlsServerName(NodeName) },
        };
        foreach (var peer in Options.Peers)
        {
            yield return new ChangeNotification
            {
                Name = peer.Name,
                Address = peer.Address,
                Type = ChangeNotificationType.PeerAdded,
                Tls = peer.TlsServerName is null ? null : new Api.Peer.TLS { ServerName = peer.TlsServerName },
            };
        }
    }

    public GetNodesResponse Nodes()
    {
        var counts = RingCounts();
        var uptime = (ulong)((Time.GetUtcNow() - Feed.StartedAt).Ticks * 100);
        var response = new GetNodesResponse();
        response.Nodes.AddRange(Feed.NodeNames.Select(name => new Node
        {
            Name = name,
            Version = ReplayServer.Version,
            Address = Address,
            State = NodeState.NodeConnected,
            Tls = new ObserverTls { Enabled = Options.TlsCertFile is not null },
            UptimeNs = uptime,
            NumFlows = counts.GetValueOrDefault(name),
            MaxFlows = (ulong)Options.RingSize,
            SeenFlows = counts.GetValueOrDefault(name),
        }));
        return response;
    }

    // Flows per node among those the ring holds now (an unbounded loop: one capture's worth).
    private Dictionary<string, ulong> RingCounts()
    {
        var published = Feed.Published;
        var (from, to) = Feed.Unbounded ? (0L, (long)Feed.Count) : (Feed.Oldest(published), published);
        var counts = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (var seq = from; seq < to; seq++)
        {
            var entry = Feed.EntryAt(seq);
            if (entry.IsFlow)
            {
                counts[entry.NodeName] = counts.GetValueOrDefault(entry.NodeName) + 1;
            }
        }

        return counts;
    }

    public GetNamespacesResponse Namespaces()
    {
        var response = new GetNamespacesResponse();
        response.Namespaces.AddRange(Feed.Entries
            .Where(e => e.IsFlow)
            .SelectMany(e => new[] { e.Flow!.Source, e.Flow.Destination })
            .Where(ep => ep is not null && ep.Namespace.Length > 0)
            .Select(ep => (ep!.ClusterName, ep.Namespace))
            .Distinct()
            .Order()
            .Select(x => new Namespace { Cluster = x.ClusterName, Namespace_ = x.Namespace }));
        return response;
    }
}
