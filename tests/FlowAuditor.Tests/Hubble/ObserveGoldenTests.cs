using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Tests.Audit;

namespace FlowAuditor.Tests.Hubble;

/// <summary>
/// `observe -o compact|dict|table` on every shared Hubble fixture, against reviewed golden files that follow hubble's
/// printer (hubble/pkg/printer/printer.go), plus hubble's own printer test vectors (printer_test.go) checked exactly.
/// </summary>
public sealed class ObserveGoldenTests
{
    public static TheoryData<string> Fixtures() => [.. CliFixtures.All.Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Compact_dict_and_table_output_of_each_fixture_match_the_golden_files(string fixture)
    {
        var records = await ReadAsync(CliFixtures.PathOf(fixture));
        var stem = Path.GetFileNameWithoutExtension(fixture);

        GoldenFile.AssertMatches($"{stem}.compact.txt", Print(records, FlowOutput.Compact, nodeName: false), "Hubble");
        GoldenFile.AssertMatches($"{stem}.compact-node.txt", Print(records, FlowOutput.Compact, nodeName: true), "Hubble");
        GoldenFile.AssertMatches($"{stem}.dict.txt", Print(records, FlowOutput.Dict, nodeName: true), "Hubble");
        GoldenFile.AssertMatches($"{stem}.table.txt", Print(records, FlowOutput.Table, nodeName: false), "Hubble");
    }

    [Fact]
    public void Hubbles_own_printer_test_flow_prints_as_upstream_expects()
    {
        // TestPrinter_WriteProtoFlow's flow: a drop of 1.1.1.1 (health) to 2.2.2.2, 1970-01-01T00:20:34.5678Z.
        var flow = new Flow
        {
            Time = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1234, Nanos = 567_800_000 },
            Type = FlowType.L3L4,
            NodeName = "k8s1",
            Verdict = Verdict.Dropped,
            IP = new IP { Source = "1.1.1.1", Destination = "2.2.2.2" },
            Source = new Endpoint { Identity = 4 },
            Destination = new Endpoint { Identity = 12345 },
            L4 = new Layer4 { TCP = new TCP { SourcePort = 31793, DestinationPort = 8080 } },
            EventType = new CiliumEventType { Type = 1, SubType = 133 },
            Summary = "TCP Flags: SYN",
            IsReply = false,
        };
        var reply = flow.Clone();
        reply.IsReply = true;
        var verdict = flow.Clone();
        verdict.EventType = new CiliumEventType { Type = 5 };
        verdict.IsReply = null;
        verdict.TrafficDirection = TrafficDirection.Egress;

        Assert.Equal("Jan  1 00:20:34.567: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)", FlowPrinter.Compact(flow, false));
        Assert.Equal("Jan  1 00:20:34.567 [k8s1]: 2.2.2.2:8080 (ID:12345) <- 1.1.1.1:31793 (health) Policy denied DROPPED (TCP Flags: SYN)", FlowPrinter.Compact(reply, true));
        Assert.Equal("Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) policy-verdict:none EGRESS DENIED (TCP Flags: SYN)", FlowPrinter.Compact(verdict, true));
        Assert.Equal(
            "TIMESTAMP             NODE   SOURCE          DESTINATION    TYPE            VERDICT   SUMMARY\n" +
            "Jan  1 00:20:34.567   k8s1   1.1.1.1:31793   2.2.2.2:8080   Policy denied   DROPPED   TCP Flags: SYN\n",
            PrintFlows([flow], FlowOutput.Table, nodeName: true));
        Assert.Equal(
            "  TIMESTAMP: Jan  1 00:20:34.567\n       NODE: k8s1\n     SOURCE: 1.1.1.1:31793\nDESTINATION: 2.2.2.2:8080\n" +
            "       TYPE: Policy denied\n    VERDICT: DROPPED\n    SUMMARY: TCP Flags: SYN\n",
            PrintFlows([flow], FlowOutput.Dict, nodeName: true));
    }

    [Fact]
    public void Services_DNS_names_and_IPv6_addresses_name_the_endpoints_as_upstream()
    {
        var flow = new Flow
        {
            IP = new IP { Source = "fd00::1", Destination = "2.2.2.2" },
            L4 = new Layer4 { UDP = new UDP { SourcePort = 55555, DestinationPort = 53 } },
            DestinationService = new Service { Name = "kube-dns", Namespace = "kube-system" },
            EventType = new CiliumEventType { Type = 4, SubType = 3 },
            Verdict = Verdict.Forwarded,
            Source = new Endpoint { Identity = 70000 },
        };

        Assert.Equal("N/A: [fd00::1]:55555 (ID:70000) <> kube-system/kube-dns:53 (unknown) to-stack FORWARDED ()", FlowPrinter.Compact(flow, false));

        flow.DestinationService = null;
        flow.DestinationNames.Add("cilium.io");
        flow.DestinationNames.Add("www.cilium.io");
        Assert.Contains(" cilium.io,www.cilium.io:53 (unknown) ", FlowPrinter.Compact(flow, false), StringComparison.Ordinal);
    }

    private static string Print(List<GetFlowsResponse> records, FlowOutput format, bool nodeName)
    {
        var output = new StringWriter { NewLine = "\n" };
        var printer = new FlowPrinter(output, format, nodeName);
        foreach (var record in records)
        {
            if (record.Flow is { } flow)
            {
                printer.WriteFlow(flow, record.NodeName);
            }
            else if (record.LostEvents is { } lost)
            {
                printer.WriteLostEvents(lost, record.NodeName);
            }
        }

        printer.Complete();
        return output.ToString();
    }

    private static string PrintFlows(IEnumerable<Flow> flows, FlowOutput format, bool nodeName) =>
        Print([.. flows.Select(f => new GetFlowsResponse { Flow = f })], format, nodeName);

    private static async Task<List<GetFlowsResponse>> ReadAsync(string path)
    {
        var list = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadAsync([path]))
        {
            list.Add(record);
        }

        return list;
    }
}
