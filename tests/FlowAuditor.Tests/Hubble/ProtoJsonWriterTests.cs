using System.Text;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Tests.Hubble;

/// <summary>
/// Differential: <c>observe -o json</c>'s UTF-8 writer against Google.Protobuf's JsonFormatter (the reference,
/// <see cref="CaptureJson.Format(GetFlowsResponse)"/>), byte for byte, over every record of every Hubble fixture and the
/// bundled example, and over values chosen to hit each rule (escapes, enums without a name, presence, timestamps).
/// </summary>
public sealed class ProtoJsonWriterTests
{
    public static TheoryData<string> Captures() =>
        [.. CliFixtures.All, Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl")];

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task Every_record_of_the_capture_is_written_as_the_formatter_writes_it(string path)
    {
        var records = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadAsync([path]))
        {
            records.Add(record);
        }

        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            AssertSame(record);
            if (record.Flow is { } flow)
            {
                // What observe prints: the flow with the node it came from and the flow's own time.
                AssertSame(new GetFlowsResponse { Flow = flow, NodeName = record.NodeName, Time = flow.Time });
            }
        }
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("quote \" backslash \\ slash / <script> & 'apostrophe'")]
    [InlineData("controls \u0000 \u0001 \b \t \n \u000b \f \r \u001b \u001f del \u007f c1 \u0080 \u009f")]
    [InlineData("latin \u00a0 \u00e9 soft\u00adhyphen cjk \u4e2d\u6587 emoji \ud83d\ude00")]
    [InlineData("invisible \u0600 \u0603 \u06dd \u070f \u17b4 \u17b5 \u200b \u200f \u2028 \u202e \u2060 \u2064 \u206a \u206f \ufeff \ufff9 \ufffb \ufffc")]
    [InlineData("")]
    public void Strings_are_escaped_as_the_formatter_escapes_them(string text)
    {
        var flow = new Flow { Summary = text, NodeName = text, Uuid = "u" };
        flow.SourceNames.Add(text);
        flow.Source = new Endpoint { Namespace = text, Labels = { text, "k8s:app=x" } };
        AssertSame(new GetFlowsResponse { Flow = flow, NodeName = text });
    }

    [Fact]
    public void Defaults_are_left_out_and_set_presence_fields_are_written_even_when_zero()
    {
        AssertSame(new GetFlowsResponse { Flow = new Flow() });
        AssertSame(new GetFlowsResponse { Flow = new Flow { IsReply = false, Source = new Endpoint(), L4 = new Layer4 { TCP = new TCP() } } });
        AssertSame(new GetFlowsResponse { Flow = new Flow { IsReply = true, L4 = new Layer4 { UDP = new UDP { SourcePort = 53 } } } });
        AssertSame(new GetFlowsResponse { LostEvents = new LostEvent { Cpu = 0, NumEventsLost = ulong.MaxValue, Source = LostEventSource.HubbleRingBuffer } });
        AssertSame(new GetFlowsResponse { NodeStatus = new NodeStatusEvent { StateChange = NodeState.NodeConnected, NodeNames = { "a", "b" } } });
        AssertSame(new GetFlowsResponse());
    }

    [Fact]
    public void Enum_values_without_a_name_and_extreme_numbers_are_written_as_numbers()
    {
        var flow = new Flow
        {
            Verdict = (Verdict)42,
            TrafficDirection = (TrafficDirection)(-3),
            Source = new Endpoint { Identity = uint.MaxValue, ID = uint.MaxValue },
            EventType = new CiliumEventType { Type = int.MinValue, SubType = int.MaxValue },
        };
        flow.DropReasonDesc = (DropReason)12345;
        AssertSame(new GetFlowsResponse { Flow = flow });
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1_700_000_000L, 0)]
    [InlineData(1_700_000_000L, 5_000_000)]
    [InlineData(1_700_000_000L, 5_000)]
    [InlineData(1_700_000_000L, 5)]
    [InlineData(1_700_000_000L, 999_999_999)]
    [InlineData(-62_135_596_800L, 0)]
    [InlineData(253_402_300_799L, 123_456_000)]
    [InlineData(-1L, 100)]
    public void Timestamps_have_the_formatters_precision(long seconds, int nanos)
    {
        var time = new Timestamp { Seconds = seconds, Nanos = nanos };
        AssertSame(new GetFlowsResponse { Flow = new Flow { Time = time }, Time = time });
    }

    [Fact]
    public void What_the_writer_does_not_cover_is_left_to_the_formatter_with_nothing_written()
    {
        var outOfRange = new GetFlowsResponse { Time = new Timestamp { Seconds = 253_402_300_800L } };
        var loneSurrogate = new GetFlowsResponse { NodeName = "bad \ud800 text" };
        var any = new GetFlowsResponse { Flow = new Flow { Extensions = Any.Pack(new Timestamp()) } };

        foreach (var message in new[] { outOfRange, loneSurrogate, any })
        {
            using var output = OutputBuffer.InMemory();
            output.Write("kept"u8);
            Assert.False(ProtoJsonWriter.TryWrite(message, output));
            Assert.Equal("kept", output.TextFrom(0));
        }

        // The formatter rejects all three: observe reports them as it always did.
        Assert.ThrowsAny<Exception>(() => CaptureJson.Format(outOfRange));
        Assert.ThrowsAny<Exception>(() => CaptureJson.Format(loneSurrogate));
        Assert.ThrowsAny<Exception>(() => CaptureJson.Format(any));
    }

    [Fact]
    public void The_printer_writes_one_response_per_line_exactly_as_before()
    {
        var flows = new[]
        {
            new Flow { Summary = "TCP Flags: SYN", Time = new Timestamp { Seconds = 1234, Nanos = 567_800_000 }, IsReply = false },
            new Flow { Summary = "<é>", NodeName = "k8s1" },
        };
        var output = new StringWriter { NewLine = "\n" };
        using (var printer = new FlowPrinter(output, FlowOutput.Json, printNodeName: false))
        {
            printer.WriteFlow(flows[0], "node-a");
            printer.WriteLostEvents(new LostEvent { NumEventsLost = 3, Cpu = 1 }, "node-b");
            printer.WriteFlow(flows[1], "");
            printer.Complete();
        }

        var expected = string.Concat(
            CaptureJson.Format(new GetFlowsResponse { Flow = flows[0], NodeName = "node-a", Time = flows[0].Time }) + "\n",
            CaptureJson.Format(new GetFlowsResponse { LostEvents = new LostEvent { NumEventsLost = 3, Cpu = 1 }, NodeName = "node-b" }) + "\n",
            CaptureJson.Format(new GetFlowsResponse { Flow = flows[1] }) + "\n");
        Assert.Equal(expected, output.ToString());
    }

    private static void AssertSame(GetFlowsResponse response)
    {
        using var output = OutputBuffer.InMemory();
        Assert.True(ProtoJsonWriter.TryWrite(response, output), $"not written: {response}");
        Assert.Equal(Encoding.UTF8.GetBytes(CaptureJson.Format(response)), output.ToArray());
    }
}
