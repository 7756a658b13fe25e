using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;
using FlowAuditor.Kubernetes.Watching;
using FlowAuditor.Testing;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Kubernetes.Tests.Support;

/// <summary>
/// A <see cref="KubernetesPolicySource"/> running against a <see cref="FakeKubeApiServer"/> through the real
/// KubernetesClient, with short delays so tests don't wait; disposing stops the source, then the server.
/// </summary>
internal sealed class PolicySourceHarness : IAsyncDisposable
{
    public const string Node = "node-a";

    private readonly CancellationTokenSource _stop = new();
    private readonly k8s.Kubernetes _client;
    private Task? _run;

    private PolicySourceHarness(FakeKubeApiServer server, KubernetesWatchOptions options)
    {
        Server = server;
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.Url });
        Source = new KubernetesPolicySource(_client, options, NullLoggerFactory.Instance, TimeProvider.System, () => 0.5);
    }

    public FakeKubeApiServer Server { get; }

    public KubernetesPolicySource Source { get; }

    public List<PolicySnapshot> Published { get; } = [];

    public static async Task<PolicySourceHarness> CreateAsync(Action<KubernetesWatchOptions>? configure = null)
    {
        var options = new KubernetesWatchOptions
        {
            NodeName = Node,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RebuildDelay = TimeSpan.FromMilliseconds(20),
            MissingCrdRetryInterval = TimeSpan.FromMinutes(5),
        };
        configure?.Invoke(options);
        return new PolicySourceHarness(await FakeKubeApiServer.StartAsync(), options);
    }

    public ResourceWatchStatus Status(string resource) => Source.Resources.Single(r => r.Resource == resource);

    public async Task StartAsync()
    {
        Source.SnapshotChanged += s =>
        {
            lock (Published)
            {
                Published.Add(s);
            }
        };
        _run = Source.RunAsync(_stop.Token);
        await Eventually.Until(() => Source.IsReady || _run.IsCompleted, "the source is ready");
        Assert.False(_run.IsCompleted, _run.Exception?.ToString());
    }

    /// <summary>Waits for a snapshot satisfying <paramref name="condition"/> and returns it.</summary>
    public async Task<PolicySnapshot> SnapshotWhere(Func<PolicySnapshot, bool> condition, string what)
    {
        await Eventually.Until(() => condition(Source.Current), what);
        return Source.Current;
    }

    public static bool Allows(PolicySnapshot snapshot, string ns, string from, string to, int port)
    {
        var source = snapshot.Cluster.FindPod(ns, from);
        var destination = snapshot.Cluster.FindPod(ns, to);
        return source is not null && destination is not null
            && new PolicyEvaluator(snapshot.Policies).IsAllowed(source, destination, Protocol.TCP, port);
    }

    public static Endpoint Pod(PolicySnapshot snapshot, string ns, string name) =>
        snapshot.Cluster.FindPod(ns, name) ?? throw new InvalidOperationException($"no pod {ns}/{name}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run);
        }

        _client.Dispose();
        _stop.Dispose();
        await Server.DisposeAsync();
    }
}
