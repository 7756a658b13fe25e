using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Kubernetes.Tests.Support;
using FlowAuditor.Testing;
using FlowAuditor.Tests.Support;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The daemon on hubble-relay (a TCP address, no node name) watches every node's pods, so a policy's named port
/// resolves on a pod of any node: a connection Hubble forwarded through `port: http` is consistent, not a silent
/// "not enforced". Real parts: the fake API server through a kubeconfig, the replay server over loopback gRPC.
/// </summary>
public sealed class RelayModeTests
{
    [Fact]
    public async Task On_relay_named_ports_resolve_against_pods_of_every_node()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Apply(KubeObjects.Namespace("prod"));
        api.Apply(KubeObjects.Pod("prod", "client", "client", "node-a"));
        api.Apply(KubeObjects.Pod("prod", "web", "web", "node-b", """[{"name":"http","containerPort":8080}]"""));
        api.Apply(KubeObjects.AllowIngress("prod", "allow-client-http", "web", "client", "\"http\""));
        await using var replay = new ReplayServer(new ReplayServerOptions { Listen = "127.0.0.1:0", ManualRelease = true }, [ForwardedToWebOnNodeB()]);
        var hubble = await replay.StartAsync();
        using var scratch = new ScratchDirectory();

        await using var daemon = await RunningDaemon.StartAsync(new Dictionary<string, string?>
        {
            ["FlowAuditor:HubbleAddress"] = hubble,
            ["FlowAuditor:Kubeconfig"] = KubeconfigFile.Write(scratch.Path, api.Url),
            ["FlowAuditor:NodeName"] = "",
        });
        await daemon.WaitForPoliciesAsync();
        await daemon.WaitForStreamAsync();
        replay.Release(1);
        await Eventually.Until(() => daemon.Progress.AttributedCount == 1, "the flow is attributed");

        var metrics = await daemon.ScrapeAsync();
        Assert.Equal(2, metrics.Single("flowauditor_kubernetes_objects", ("resource", "pods")));
        Assert.Equal(0, metrics.Sum("flowauditor_not_enforced_total"));
        Assert.Equal(1, metrics.Single("flowauditor_node_flows_total", ("node", "node-b"), ("verdict", "forwarded")));
        var connections = (await daemon.ReportAsync()).GetProperty("summary").GetProperty("connections");
        Assert.Equal(0, connections.GetProperty("not-enforced").GetInt32());
        Assert.Equal(1, connections.GetProperty("consistent").GetInt32());
    }

    // A new TCP connection prod/client (node-a) -> prod/web:8080 (node-b) that Hubble allowed at web's ingress.
    private static GetFlowsResponse ForwardedToWebOnNodeB()
    {
        var flow = new Flow
        {
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Uuid = "0f6a3c55-5b7e-4a8e-9d6b-2f1f1d3c9a01",
            Verdict = Verdict.Forwarded,
            IP = new IP { Source = "10.0.0.6", Destination = "10.0.0.3", IpVersion = IPVersion.Ipv4 },
            L4 = new Layer4 { TCP = new TCP { SourcePort = 40000, DestinationPort = 8080, Flags = new TCPFlags { SYN = true } } },
            Source = Pod("client", 1001),
            Destination = Pod("web", 1002),
            Type = FlowType.L3L4,
            NodeName = "node-b",
            EventType = new CiliumEventType { Type = 5 },
            TrafficDirection = TrafficDirection.Ingress,
            PolicyMatchType = 2,
            IsReply = false,
            Summary = "TCP Flags: SYN",
        };
        return new GetFlowsResponse { Flow = flow, NodeName = "node-b", Time = flow.Time };
    }

    private static Endpoint Pod(string name, uint identity) => new()
    {
        Namespace = "prod",
        PodName = name,
        Identity = identity,
        Labels = { $"k8s:app={name}", "k8s:io.kubernetes.pod.namespace=prod" },
    };
}
