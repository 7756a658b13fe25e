using System.Buffers;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Tests.Support;
using FlowAuditor.Hubble.Wire;
using FlowAuditor.Tests.Shared;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Tests.Wire;

/// <summary>
/// The wire decoder against the reference path (Google.Protobuf parse + <see cref="FlowRecordMapper"/>): for every
/// fixture flow and for hand-made edge cases, the bytes decode into the same record, field by field.
/// </summary>
public sealed class FlowWireDecoderTests
{
    private static readonly string ExampleCapture = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl");

    [Fact]
    public async Task Every_fixture_and_example_flow_decodes_as_the_mapper_maps_it()
    {
        var responses = await HubbleFixtures.ReadAllAsync([.. HubbleFixtures.Files, ExampleCapture]);
        var flows = responses.Count(r => r.Flow is not null);
        Assert.True(flows > 100, $"only {flows} flows in the fixtures");

        // One decoder for all, twice over: the second pass reads every string, address, label set and policy from
        // the caches the first one filled.
        var decoder = new FlowWireDecoder();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (response, i) in responses.Select((r, i) => (r, i)))
            {
                AssertDecodesAsMapped(decoder, response, $"pass {pass} record {i}");
            }
        }
    }

    [Fact]
    public async Task A_message_split_over_segments_decodes_as_one_in_a_single_span()
    {
        var response = (await HubbleFixtures.ReadAllAsync([ExampleCapture])).First(r => r.Flow is not null);
        var bytes = response.ToByteArray();
        var split = Segments(bytes, 7);

        var record = new FlowWireDecoder().Decode(split).Flow!;

        FlowRecordComparison.AssertSame(new FlowRecordMapper().Map(response.Flow, response.NodeName), record, "split");
    }

    public static TheoryData<string> EdgeCases() => [.. Edges.Keys];

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Edge_cases_decode_as_the_mapper_maps_them(string name)
    {
        AssertDecodesAsMapped(new FlowWireDecoder(), Edges[name](), name);
    }

    [Fact]
    public void One_decoder_over_all_edge_cases_in_turn_twice_keeps_no_endpoint_of_one_flow_for_the_next()
    {
        // The decoder caches endpoints by their bytes; the edge cases share endpoint messages with other IPs, services
        // and DNS names, so a cache keyed too loosely would hand one flow another's endpoint.
        var decoder = new FlowWireDecoder();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (name, make) in Edges)
            {
                AssertDecodesAsMapped(decoder, make(), $"pass {pass}: {name}");
            }
        }
    }

    [Fact]
    public void The_same_endpoint_message_with_another_address_or_service_is_another_endpoint()
    {
        var decoder = new FlowWireDecoder();
        var first = Pod2Pod();
        var moved = Without(Pod2Pod(), f => f.IP.Destination = "10.0.0.9");
        var viaService = Without(Pod2Pod(), f => f.DestinationService = new Service { Name = "api", Namespace = "shop" });

        var a = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = first }.ToByteArray())).Flow!;
        var b = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = moved }.ToByteArray())).Flow!;
        var c = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = viaService }.ToByteArray())).Flow!;
        var again = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = Pod2Pod() }.ToByteArray())).Flow!;

        Assert.Equal("10.0.0.2", a.Destination.Address!.ToString());
        Assert.Equal("10.0.0.9", b.Destination.Address!.ToString());
        Assert.Null(a.Destination.Service);
        Assert.Equal(new Core.Endpoints.ServiceRef("shop", "api"), c.Destination.Service);
        Assert.Same(a.Destination, again.Destination);
    }

    [Fact]
    public void Unknown_fields_and_known_fields_of_another_wire_type_are_skipped_as_a_generated_parser_skips_them()
    {
        var flow = Pod2Pod();
        var bytes = flow.ToByteArray().Concat(UnknownFields()).ToArray();
        var reparsed = Flow.Parser.ParseFrom(bytes);
        var response = new GetFlowsResponse { Flow = reparsed, NodeName = "n1" };
        var wire = Wrap(bytes, "n1");

        var decoded = new FlowWireDecoder().Decode(new ReadOnlySequence<byte>(wire));

        FlowRecordComparison.AssertSame(new FlowRecordMapper().Map(response.Flow, "n1"), decoded.Flow!, "unknown fields");
    }

    [Fact]
    public void A_reused_identity_with_other_labels_gets_its_own_labels()
    {
        var decoder = new FlowWireDecoder();
        var first = Pod2Pod();
        var second = Pod2Pod();
        second.Source.Labels.Clear();
        second.Source.Labels.Add("k8s:app=other");

        var a = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = first }.ToByteArray())).Flow!;
        var b = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = second }.ToByteArray())).Flow!;

        Assert.Equal("web", a.Source.Labels.First(l => l.Key == "app").Value);
        Assert.Equal("other", b.Source.Labels.First(l => l.Key == "app").Value);
    }

    [Fact]
    public void The_same_workload_in_another_namespace_names_that_namespace()
    {
        var decoder = new FlowWireDecoder();
        var shop = Pod2Pod();
        shop.Source.Workloads.Add(new Workload { Name = "web", Kind = "Deployment" });
        var other = shop.Clone();
        other.Source.Namespace = "other";

        var a = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = shop }.ToByteArray())).Flow!;
        var b = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { Flow = other }.ToByteArray())).Flow!;

        Assert.Equal(new Core.Endpoints.WorkloadRef("shop", "web", "Deployment"), a.Source.Workload);
        Assert.Equal(new Core.Endpoints.WorkloadRef("other", "web", "Deployment"), b.Source.Workload);
    }

    [Fact]
    public void Lost_events_and_node_status_are_decoded_whole()
    {
        var lost = new LostEvent { Source = LostEventSource.HubbleRingBuffer, NumEventsLost = 42, First = Timestamp.FromDateTimeOffset(AgentFlows.Start) };
        var status = new NodeStatusEvent { StateChange = NodeState.NodeConnected, NodeNames = { "a", "b" }, Message = "up" };
        var decoder = new FlowWireDecoder();

        var lostResponse = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { LostEvents = lost, NodeName = "n1" }.ToByteArray()));
        Assert.Equal((WireResponseKind.LostEvents, lost, "n1"), (lostResponse.Kind, lostResponse.LostEvents, lostResponse.NodeName));

        var statusResponse = decoder.Decode(new ReadOnlySequence<byte>(new GetFlowsResponse { NodeStatus = status }.ToByteArray()));
        Assert.Equal((WireResponseKind.NodeStatus, status), (statusResponse.Kind, statusResponse.NodeStatus));
        Assert.Null(statusResponse.Flow);
    }

    [Theory]
    [InlineData("0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b", true)]
    [InlineData("0B6F4C2E-5D1A-4E3B-9F2C-7A8D9E0F1A2B", false)]
    [InlineData("0b6f4c2e5d1a4e3b9f2c7a8d9e0f1a2b", false)]
    [InlineData("legacy-id", false)]
    public void A_canonical_uuid_comes_as_a_value_and_any_other_as_the_text_sent(string uuid, bool asValue)
    {
        var decoded = new FlowWireDecoder().Decode(new ReadOnlySequence<byte>(Response(Without(Pod2Pod(), f => f.Uuid = uuid)).ToByteArray())).Flow!;

        Assert.Equal(asValue, decoded.UuidValue is not null);
        Assert.Equal(uuid, decoded.Uuid);
    }

    [Fact]
    public void Truncated_bytes_are_refused_not_misread()
    {
        var bytes = new GetFlowsResponse { Flow = Pod2Pod() }.ToByteArray();

        Assert.Throws<InvalidDataException>(() => new FlowWireDecoder().Decode(new ReadOnlySequence<byte>(bytes.AsMemory(0, bytes.Length - 3))));
    }

    private static void AssertDecodesAsMapped(FlowWireDecoder decoder, GetFlowsResponse response, string where)
    {
        var decoded = decoder.Decode(new ReadOnlySequence<byte>(response.ToByteArray()));
        if (response.Flow is not { } flow)
        {
            Assert.Null(decoded.Flow);
            return;
        }

        // As the client delivers a flow: the node is the response's, else the flow's.
        var node = response.NodeName.Length > 0 ? response.NodeName : flow.NodeName;
        FlowRecordComparison.AssertSame(new FlowRecordMapper().Map(flow, node), decoded.Flow!, where);
        var time = flow.Time ?? response.Time;
        Assert.Equal(
            (node, time is null ? (long?)null : (time.Seconds * 1_000_000_000L) + time.Nanos, flow.Uuid.Length > 0),
            (decoded.NodeName, decoded.TimeNanos, decoded.HasUuid));
        // Sent as a generated encoder writes it, so even the hash of a flow without uuid is the reference path's.
        Assert.Equal(FlowKey.Of(flow), decoded.Key);
    }

    private static readonly Dictionary<string, Func<GetFlowsResponse>> Edges = new()
    {
        ["no endpoints, no IP, no L4"] = () => new GetFlowsResponse { Flow = new Flow { Verdict = Verdict.Dropped, DropReason = 133 } },
        ["empty flow, no node anywhere"] = () => new GetFlowsResponse { Flow = new Flow() },
        ["node only on the response"] = () => Response(Without(Pod2Pod(), f => f.NodeName = ""), "relay-node"),
        ["node on the flow and the response"] = () => Response(Pod2Pod(), "relay-node"),
        ["time only on the response"] = () => new GetFlowsResponse { Flow = Without(Pod2Pod(), f => f.Time = null), Time = Timestamp.FromDateTimeOffset(AgentFlows.Start) },
        ["source missing, destination without labels but a namespace"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.Source = null;
            f.Destination.Labels.Clear();
        })),
        ["reserved identities without labels"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.Source = new Endpoint { Identity = 1 };
            f.Destination = new Endpoint { Identity = 2 };
        })),
        ["unknown identity without labels or namespace"] = () => Response(Without(Pod2Pod(), f => f.Destination = new Endpoint { Identity = 77777 })),
        ["labels without the namespace label"] = () => Response(Without(Pod2Pod(), f => f.Source.Labels.RemoveAt(1))),
        ["ICMPv4"] = () => Response(Without(Pod2Pod(), f => f.L4 = new Layer4 { ICMPv4 = new ICMPv4 { Type = 8, Code = 0 } })),
        ["ICMPv6"] = () => Response(Without(Pod2Pod(), f => f.L4 = new Layer4 { ICMPv6 = new ICMPv6 { Type = 128 } })),
        ["UDP"] = () => Response(Without(Pod2Pod(), f => f.L4 = new Layer4 { UDP = new UDP { SourcePort = 5353, DestinationPort = 53 } })),
        ["SCTP"] = () => Response(Without(Pod2Pod(), f => f.L4 = new Layer4 { SCTP = new SCTP { SourcePort = 1, DestinationPort = 2 } })),
        ["VRRP is no protocol we know"] = () => Response(Without(Pod2Pod(), f => f.L4 = new Layer4 { VRRP = new VRRP { Type = 1 } })),
        ["TCP without flags"] = () => Response(Without(Pod2Pod(), f => f.L4.TCP.Flags = null)),
        ["IPv6 and an unparsable address"] = () => Response(Without(Pod2Pod(), f => f.IP = new IP { Source = "fd00::1", Destination = "not-an-ip" })),
        ["is_reply unset"] = () => Response(Without(Pod2Pod(), f => f.IsReply = null)),
        ["is_reply true"] = () => Response(Without(Pod2Pod(), f => f.IsReply = true)),
        ["deprecated drop_reason only"] = () => Response(Without(Pod2Pod(), f => (f.DropReason, f.DropReasonDesc) = (181, DropReason.Unknown))),
        ["an unknown drop reason number"] = () => Response(Without(Pod2Pod(), f => f.DropReasonDesc = (DropReason)9999)),
        ["policies named by labels only, nameless and by kind"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.EgressAllowedBy.Add(new Policy { Name = "allow-dns", Labels = { "k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy", "k8s:io.cilium.k8s.policy.name=allow-dns" } });
            f.EgressAllowedBy.Add(new Policy { Labels = { "reserved:allow-localhost-ingress" } });
            f.IngressAllowedBy.Add(new Policy { Name = "np", Namespace = "shop", Kind = "NetworkPolicy" });
            f.EgressDeniedBy.Add(new Policy { Name = "deny", Namespace = "shop", Labels = { "k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy" } });
            f.IngressDeniedBy.Add(new Policy { Name = "ccnp" });
            f.PolicyLog.Add("log-1");
            f.PolicyLog.Add("log-2");
        })),
        ["workloads, services and DNS names"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.Source.Workloads.Add(new Workload { Name = "web", Kind = "Deployment" });
            f.Source.Workloads.Add(new Workload { Name = "ignored", Kind = "ReplicaSet" });
            f.Destination.Workloads.Add(new Workload { Name = "api" });
            f.SourceService = new Service { Name = "" };
            f.DestinationService = new Service { Name = "api", Namespace = "shop" };
            f.SourceNames.Add("web.shop.svc");
            f.DestinationNames.Add("api.example.com");
            f.DestinationNames.Add("api2.example.com");
        })),
        ["workload without a namespace"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.Source.Namespace = "";
            f.Source.Workloads.Add(new Workload { Name = "web", Kind = "Deployment" });
        })),
        ["other cluster, same identity"] = () => Response(Without(Pod2Pod(), f => f.Destination.ClusterName = "east")),
        ["non-guid uuid"] = () => Response(Without(Pod2Pod(), f => f.Uuid = "not-a-guid")),
        ["uppercase guid uuid"] = () => Response(Without(Pod2Pod(), f => f.Uuid = "0B6F4C2E-5D1A-4E3B-9F2C-7A8D9E0F1A2B")),
        ["guid uuid in braces"] = () => Response(Without(Pod2Pod(), f => f.Uuid = "{0b6f4c2e-5d1a-4e3b-9f2c-7a8d9e0f1a2b}")),
        ["no uuid"] = () => Response(Without(Pod2Pod(), f => f.Uuid = "")),
        ["fields the mapper does not read"] = () => Response(Without(Pod2Pod(), f =>
        {
            f.Summary = "TCP Flags: SYN";
            f.Ethernet = new Ethernet { Source = "aa:bb", Destination = "cc:dd" };
            f.L7 = new Layer7 { LatencyNs = 5 };
            f.Reply = true;
            f.Extensions = Any.Pack(new StringValue { Value = "x" });
            f.NodeLabels.Add("zone=a");
        })),
    };

    private static GetFlowsResponse Response(Flow flow, string node = "") => new() { Flow = flow, NodeName = node };

    private static Flow Without(Flow flow, Action<Flow> change)
    {
        change(flow);
        return flow;
    }

    private static Flow Pod2Pod()
    {
        var flow = AgentFlows.Tcp(Guid.NewGuid().ToString(), "10.0.0.1", 40000, "10.0.0.2", 80);
        flow.Time = Timestamp.FromDateTimeOffset(AgentFlows.Start.AddTicks(1234567));
        flow.Verdict = Verdict.Dropped;
        flow.DropReasonDesc = DropReason.PolicyDenied;
        flow.TrafficDirection = TrafficDirection.Ingress;
        flow.PolicyMatchType = 3;
        flow.Source = AgentFlows.Pod("shop", "web-1", "k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop");
        flow.Destination = AgentFlows.Pod("shop", "api-1", "k8s:app=api", "k8s:io.kubernetes.pod.namespace=shop");
        flow.Destination.ClusterName = "default";
        return flow;
    }

    // Field 7777 varint, 7778 fixed64, 7779 fixed32, 7780 bytes, a group 7781, and verdict (2) sent as bytes.
    private static byte[] UnknownFields()
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(7777, WireFormat.WireType.Varint);
        output.WriteUInt64(ulong.MaxValue);
        output.WriteTag(7778, WireFormat.WireType.Fixed64);
        output.WriteFixed64(1);
        output.WriteTag(7779, WireFormat.WireType.Fixed32);
        output.WriteFixed32(2);
        output.WriteTag(7780, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFromUtf8("skip me"));
        output.WriteTag(7781, WireFormat.WireType.StartGroup);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteInt32(5);
        output.WriteTag(7781, WireFormat.WireType.EndGroup);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFromUtf8("x"));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Wrap(byte[] flow, string node) =>
        [.. new GetFlowsResponse { NodeName = node }.ToByteArray(), .. LengthDelimited(1, flow)];

    private static byte[] LengthDelimited(int field, byte[] body)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(body));
        output.Flush();
        return stream.ToArray();
    }

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var memory = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
