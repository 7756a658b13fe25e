using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay;

/// <summary>What the service answers from: the feed, options, clock, and the status/nodes/namespaces views.</summary>
internal sealed class ReplayContext
{
    private long _served;

    public ReplayContext(ReplayFeed feed, ReplayServerOptions options, TimeProvider time)
    {
        Feed = feed;
        Options = options;
        Time = time;
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

    public long NowNanos() => (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    public void Served(long flows) => Interlocked.Add(ref _served, flows);

    public ServerStatusResponse Status()
    {
        var published = Feed.Published;
        var seen = Feed.Unbounded ? Interlocked.Read(ref _served) : published;
        var buffered = Feed.Unbounded ? Math.Min(seen, Options.BufferCapacity) : published - Feed.Oldest(published);
        var uptime = Time.GetUtcNow() - Feed.StartedAt;
        return new ServerStatusResponse
        {
            NumFlows = (ulong)buffered,
            MaxFlows = (ulong)Math.Max(Options.BufferCapacity, Options.Loop ? 0 : Feed.Count),
            SeenFlows = (ulong)seen,
            UptimeNs = (ulong)(uptime.Ticks * 100),
            NumConnectedNodes = (uint)Feed.NodeNames.Count,
            NumUnavailableNodes = 0,
            Version = Options.Version ?? ReplayServer.Version,
            FlowsRate = Options.Rate ?? 0,
        };
    }

    public GetNodesResponse Nodes()
    {
        var counts = Feed.Entries.Where(e => e.IsFlow).GroupBy(e => e.NodeName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (ulong)g.Count(), StringComparer.Ordinal);
        var uptime = (ulong)((Time.GetUtcNow() - Feed.StartedAt).Ticks * 100);
        var response = new GetNodesResponse();
        response.Nodes.AddRange(Feed.NodeNames.Select(name => new Node
        {
            Name = name,
            Version = ReplayServer.Version,
            Address = Address,
            State = NodeState.NodeConnected,
            Tls = new TLS { Enabled = Options.TlsCertFile is not null },
            UptimeNs = uptime,
            NumFlows = counts.GetValueOrDefault(name),
            MaxFlows = (ulong)Options.BufferCapacity,
            SeenFlows = counts.GetValueOrDefault(name),
        }));
        return response;
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
