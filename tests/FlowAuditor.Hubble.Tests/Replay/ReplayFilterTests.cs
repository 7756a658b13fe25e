using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Tests.Support;
using Grpc.Core;

namespace FlowAuditor.Hubble.Tests.Replay;

/// <summary>
/// Every FlowFilter field the replay server implements, asked over loopback gRPC and checked against the agent's
/// semantics (pkg/hubble/filters/*.go): which of a handful of known flows each filter selects, and which values
/// the agent refuses.
/// </summary>
public sealed class ReplayFilterTests : IAsyncLifetime
{
    private ReplayServer _server = null!;

    public static TheoryData<string, FlowFilter, string[]> Selections => new()
    {
        { "bare pod name means the default namespace", new FlowFilter { SourcePod = { "xwing" } }, ["web"] },
        { "ns/prefix", new FlowFilter { SourcePod = { "kube-system/core" } }, ["dns"] },
        { "ns/ is the whole namespace", new FlowFilter { DestinationPod = { "shop/" } }, ["web", "reply", "udp"] },
        { "/name is the empty namespace only", new FlowFilter { SourcePod = { "/xwing" } }, [] },
        { "service", new FlowFilter { DestinationService = { "shop/api" } }, ["web"] },
        { "bare service name means default", new FlowFilter { DestinationService = { "api" } }, [] },
        { "exact source ip", new FlowFilter { SourceIp = { "10.0.1.5" } }, ["web", "udp", "drop"] },
        { "cidr with host bits", new FlowFilter { DestinationIp = { "10.0.2.77/24" } }, ["web", "udp", "drop"] },
        { "ipv6 cidr", new FlowFilter { DestinationIp = { "fd00::/64" } }, ["v6"] },
        { "xlated source ip", new FlowFilter { SourceIpXlated = { "192.168.0.9" } }, ["web"] },
        { "destination port", new FlowFilter { DestinationPort = { "8080" } }, ["web", "drop"] },
        { "source port", new FlowFilter { SourcePort = { "8080" } }, ["reply"] },
        { "ports of a non-port protocol never match", new FlowFilter { SourcePort = { "0" } }, [] },
        { "protocol tcp (any case)", new FlowFilter { Protocol = { "TCP" } }, ["web", "reply", "drop", "v6"] },
        { "protocol udp", new FlowFilter { Protocol = { "udp" } }, ["udp", "dns"] },
        { "protocol icmp is v4 and v6", new FlowFilter { Protocol = { "icmp" } }, ["icmp"] },
        { "protocol dns is the L7 record", new FlowFilter { Protocol = { "dns" } }, ["dns"] },
        { "label equality with source prefix", new FlowFilter { SourceLabel = { "k8s:app=xwing" } }, ["web"] },
        { "label without prefix matches any source", new FlowFilter { SourceLabel = { "app=xwing" } }, ["web"] },
        { "label in set", new FlowFilter { DestinationLabel = { "k8s:app in (api, db)" } }, ["web", "udp"] },
        { "label notin also matches endpoints without it", new FlowFilter { DestinationLabel = { "k8s:app notin (api)" } }, ["reply", "udp", "drop", "dns", "v6", "icmp", "http"] },
        { "label does not exist", new FlowFilter { SourceLabel = { "!k8s:app" } }, ["reply", "udp", "drop", "dns", "v6", "icmp", "http"] },
        { "reserved label exists", new FlowFilter { DestinationLabel = { "reserved:world" } }, ["v6"] },
        { "several requirements all hold", new FlowFilter { SourceLabel = { "k8s:app=xwing,k8s:tier!=db" } }, ["web"] },
        { "several selectors: any holds", new FlowFilter { DestinationLabel = { "k8s:app=db", "reserved:world" } }, ["udp", "v6"] },
        { "integer comparison", new FlowFilter { DestinationLabel = { "k8s:version>1" } }, ["web"] },
        { "node name glob", new FlowFilter { NodeName = { "kind-w*" } }, ["web", "reply", "udp", "drop", "dns", "icmp"] },
        { "node name in cluster prod", new FlowFilter { NodeName = { "prod/" } }, ["v6"] },
        { "node name without cluster means default", new FlowFilter { NodeName = { "default/kind-worker" } }, ["web", "reply", "udp", "drop", "dns", "icmp"] },
        { "drop reason selects dropped flows only", new FlowFilter { DropReasonDesc = { DropReason.PolicyDenied } }, ["drop"] },
        { "destination fqdn glob", new FlowFilter { DestinationFqdn = { "*.example.com" } }, ["v6"] },
        { "fqdn patterns are case-insensitive and may end in a dot", new FlowFilter { DestinationFqdn = { "API.Example.COM." } }, ["v6"] },
        { "source fqdn", new FlowFilter { SourceFqdn = { "*" } }, [] },
        { "workload by name and kind", new FlowFilter { SourceWorkload = { new Workload { Name = "xwing", Kind = "Deployment" } } }, ["web"] },
        { "workload by kind only", new FlowFilter { SourceWorkload = { new Workload { Kind = "DaemonSet" } } }, ["dns"] },
        { "cluster name", new FlowFilter { DestinationClusterName = { "prod" } }, ["v6"] },
        { "identity", new FlowFilter { SourceIdentity = { 4242 } }, ["web"] },
        { "reply true", new FlowFilter { Reply = { true } }, ["reply"] },
        { "reply false includes drops of unknown direction", new FlowFilter { Reply = { false } }, ["web", "udp", "drop"] },
        { "tcp flags: one flag", new FlowFilter { TcpFlags = { new TCPFlags { ACK = true } } }, ["reply"] },
        { "tcp flags: every flag of an entry", new FlowFilter { TcpFlags = { new TCPFlags { SYN = true, ACK = true } } }, [] },
        { "tcp flags: any entry", new FlowFilter { TcpFlags = { new TCPFlags { SYN = true, ACK = true }, new TCPFlags { ACK = true } } }, ["reply"] },
        { "ip version", new FlowFilter { IpVersion = { IPVersion.Ipv6 } }, ["v6"] },
        { "dns query regex", new FlowFilter { DnsQuery = { "^kube-dns\\." } }, ["dns"] },
        { "uuid", new FlowFilter { Uuid = { "udp", "icmp" } }, ["udp", "icmp"] },
        { "http status prefix", new FlowFilter { HttpStatusCode = { "4+" } }, ["http"] },
        { "http status exact", new FlowFilter { HttpStatusCode = { "200" } }, [] },
        { "http method ignores case", new FlowFilter { HttpMethod = { "get" }, EventType = { new EventTypeFilter { Type = 129 } } }, ["http"] },
        { "http path regex over the url's path", new FlowFilter { HttpPath = { "^/api/v[0-9]+/items$" } }, ["http"] },
        { "trace id", new FlowFilter { TraceId = { "4bf92f3577b34da6a3ce929d0e0e4736" } }, ["http"] },
        { "encrypted", new FlowFilter { Encrypted = { true } }, ["http"] },
        { "verdict and direction together", new FlowFilter { Verdict = { Verdict.Dropped }, TrafficDirection = { TrafficDirection.Egress } }, ["drop"] },
    };

    public static TheoryData<FlowFilter, string> Refusals => new()
    {
        { new FlowFilter { SourcePod = { "" } }, "source_pod" },
        { new FlowFilter { DestinationIp = { "10.0.0.0/33" } }, "destination_ip" },
        { new FlowFilter { SourceIp = { "not-an-ip" } }, "source_ip" },
        { new FlowFilter { SourcePort = { "http" } }, "source_port" },
        { new FlowFilter { DestinationPort = { "70000" } }, "destination_port" },
        { new FlowFilter { Protocol = { "quic" } }, "protocol" },
        { new FlowFilter { SourceLabel = { "k8s:app in web" } }, "source_label" },
        { new FlowFilter { DestinationLabel = { "=web" } }, "destination_label" },
        { new FlowFilter { NodeName = { "a/b/c" } }, "node_name" },
        { new FlowFilter { SourceFqdn = { "bad name" } }, "source_fqdn" },
        { new FlowFilter { DestinationClusterName = { "" } }, "destination_cluster_name" },
        { new FlowFilter { DnsQuery = { "(" } }, "dns_query" },
        { new FlowFilter { HttpStatusCode = { "4xx" } }, "http_status_code" },
        { new FlowFilter { HttpMethod = { "GET" }, EventType = { new EventTypeFilter { Type = 4 } } }, "http_method" },
        { new FlowFilter { HttpPath = { "[" } }, "http_path" },
        { new FlowFilter { HttpUrl = { "http://x/" } }, "http_url" },
        { new FlowFilter { NodeLabels = { "zone=a" } }, "node_labels" },
    };

    public async Task InitializeAsync()
    {
        var web = AgentFlows.Tcp("web", "10.0.1.5", 43210, "10.0.2.7", 8080);
        web.IP.SourceXlated = "192.168.0.9";
        web.Source = AgentFlows.Pod("default", "xwing-6b5c", "k8s:app=xwing", "k8s:tier=front");
        web.Source.Identity = 4242;
        web.Source.Workloads.Add(new Workload { Name = "xwing", Kind = "Deployment" });
        web.Destination = AgentFlows.Pod("shop", "api-0", "k8s:app=api", "k8s:version=2");
        web.DestinationService = new Service { Namespace = "shop", Name = "api" };
        web.TrafficDirection = TrafficDirection.Ingress;

        var reply = AgentFlows.Tcp("reply", "10.0.3.3", 8080, "10.0.1.9", 43210, reply: true);
        reply.Destination = AgentFlows.Pod("shop", "web-1");

        var udp = AgentFlows.Udp("udp", "10.0.1.5", 5353, "10.0.2.8", 5353);
        udp.Destination = AgentFlows.Pod("shop", "db-0", "k8s:app=db");

        var drop = AgentFlows.Tcp("drop", "10.0.1.5", 40000, "10.0.2.9", 8080, reply: null);
        drop.Verdict = Verdict.Dropped;
        drop.DropReasonDesc = DropReason.PolicyDenied;
        drop.TrafficDirection = TrafficDirection.Egress;

        var notDropped = AgentFlows.Udp("dns", "10.0.9.9", 33000, "10.96.0.10", 53);
        notDropped.L4 = new Layer4 { UDP = new UDP { SourcePort = 33000, DestinationPort = 53 } };
        notDropped.L7 = new Layer7 { Dns = new DNS { Query = "kube-dns.kube-system.svc." } };
        notDropped.DropReasonDesc = DropReason.PolicyDenied;
        notDropped.IsReply = null;
        notDropped.Source = AgentFlows.Pod("kube-system", "coredns-abc");
        notDropped.Source.Workloads.Add(new Workload { Name = "coredns", Kind = "DaemonSet" });

        var v6 = AgentFlows.Tcp("v6", "fd00::1", 50000, "fd00::2", 443, reply: null);
        v6.NodeName = "prod/node-1";
        v6.DestinationNames.Add("api.example.com");
        v6.Destination = new Endpoint { Labels = { "reserved:world" }, ClusterName = "prod" };

        var icmp = new Flow
        {
            Uuid = "icmp",
            Verdict = Verdict.Forwarded,
            IP = new IP { Source = "10.0.5.1", Destination = "10.0.5.2", IpVersion = IPVersion.Ipv4 },
            L4 = new Layer4 { ICMPv4 = new ICMPv4 { Type = 8 } },
            NodeName = "kind-worker",
        };

        var http = new Flow
        {
            Uuid = "http",
            Verdict = Verdict.Forwarded,
            IP = new IP { Source = "10.0.6.1", Destination = "10.0.6.2", IpVersion = IPVersion.Ipv4, Encrypted = true },
            L7 = new Layer7 { Type = L7FlowType.Response, Http = new HTTP { Code = 404, Method = "GET", Url = "http://api.shop:8080/api/v2/items?page=2" } },
            EventType = new CiliumEventType { Type = 129 },
            TraceContext = new TraceContext { Parent = new TraceParent { TraceId = "4bf92f3577b34da6a3ce929d0e0e4736" } },
            NodeName = "other",
        };

        _server = await ReplayHarness.StartAsync(AgentFlows.Records([web, reply, udp, drop, notDropped, v6, icmp, http]));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task A_filter_selects_what_the_agent_would(string why, FlowFilter filter, string[] expected)
    {
        var whitelisted = await UuidsAsync(new GetFlowsRequest { Whitelist = { filter } });
        var blacklisted = await UuidsAsync(new GetFlowsRequest { Blacklist = { filter } });

        Assert.True(expected.SequenceEqual(whitelisted), $"{why}: whitelist gave [{string.Join(", ", whitelisted)}]");
        var all = await UuidsAsync(new GetFlowsRequest());
        Assert.Equal(all.Except(expected), blacklisted);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_value_the_agent_refuses_is_an_invalid_argument_naming_the_field(FlowFilter filter, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => UuidsAsync(new GetFlowsRequest { Whitelist = { filter } }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_field_newer_than_our_protos_is_refused_by_number()
    {
        var filter = FlowFilter.Parser.ParseFrom([0xD0, 0x02, 0x01]); // field 42, varint 1
        var ex = await Assert.ThrowsAsync<RpcException>(() => UuidsAsync(new GetFlowsRequest { Whitelist = { filter } }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("field number 42", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whitelist_entries_are_ored_and_the_blacklist_removes_matches()
    {
        var uuids = await UuidsAsync(new GetFlowsRequest
        {
            Whitelist = { new FlowFilter { Protocol = { "udp" } }, new FlowFilter { Verdict = { Verdict.Dropped } } },
            Blacklist = { new FlowFilter { DestinationPort = { "53" } } },
        });

        Assert.Equal(["udp", "drop"], uuids);
    }

    private async Task<List<string>> UuidsAsync(GetFlowsRequest request) =>
        [.. (await ReplayHarness.GetFlowMessagesAsync(_server.Address!, request)).Select(f => f.Uuid)];
}
