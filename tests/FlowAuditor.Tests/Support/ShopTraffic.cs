using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Ports;
using FlowAuditor.Daemon;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Tests.Support;

/// <summary>
/// The daemon tests' small cluster: namespace <c>shop</c>, its frontend calling its backend on TCP/8080 (ingress at
/// the backend), a default-deny policy for it and the policy that allows the call.
/// </summary>
internal static class ShopTraffic
{
    public const string DenyIngress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-ingress
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """;

    /// <summary>A second YAML document (it starts with <c>---</c>), to append to <see cref="DenyIngress"/>.</summary>
    public const string AllowFrontend = """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: allow-frontend
          namespace: shop
        spec:
          podSelector:
            matchLabels: {app: backend}
          policyTypes: [Ingress]
          ingress:
            - from:
                - podSelector:
                    matchLabels: {app: frontend}
        """;

    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static Endpoint Frontend => Pod("frontend", "10.0.0.1");

    public static Endpoint Backend => Pod("backend", "10.0.0.2");

    /// <summary>Loads <paramref name="policies"/> (YAML as a user writes it) into <paramref name="state"/> as a synced source.</summary>
    public static void Apply(AuditState state, string policies)
    {
        var loaded = ManifestLoader.LoadText(policies, "policies.yaml");
        Assert.False(loaded.HasErrors);
        state.ApplyPolicies(loaded.Policies, loaded.Cluster, sourceReady: true);
    }

    /// <summary>A SYN from <paramref name="source"/> (the frontend by default) to the backend's port 8080, as Hubble reports it.</summary>
    public static FlowRecord Flow(FlowVerdict verdict, int sourcePort, DateTimeOffset time, Endpoint? source = null, string? node = null) => new()
    {
        Source = source ?? Frontend,
        Destination = Backend,
        Time = time,
        Uuid = Guid.NewGuid().ToString(),
        NodeName = node,
        Verdict = verdict,
        DropReason = verdict == FlowVerdict.Dropped ? DropReasons.PolicyDenied : 0,
        EventType = verdict == FlowVerdict.Dropped ? FlowEventTypes.Drop : FlowEventTypes.PolicyVerdict,
        Direction = FlowDirection.Ingress,
        IsReply = false,
        Protocol = Protocol.TCP,
        SourcePort = sourcePort,
        DestinationPort = 8080,
        TcpSyn = true,
    };

    private static Endpoint Pod(string app, string address)
    {
        var pod = Endpoint.Pod("shop", $"{app}-0", [new("app", app)], [new("kubernetes.io/metadata.name", "shop")]);
        return new Endpoint(pod.Kind, pod.Labels) { Namespace = "shop", Name = pod.Name, Address = System.Net.IPAddress.Parse(address) };
    }
}
