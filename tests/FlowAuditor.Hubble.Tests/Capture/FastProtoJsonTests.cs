using System.Text;
using System.Text.Json;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Tests.Capture;

/// <summary>The fast capture reader against Google.Protobuf's JsonParser, the reference it replaces on the hot path.</summary>
public sealed class FastProtoJsonTests
{
    private static readonly string ExampleCapture = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl");

    private static readonly JsonFormatter CamelCase = new(JsonFormatter.Settings.Default);

    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (var file in HubbleFixtures.Files)
        {
            data.Add(file);
        }

        data.Add(ExampleCapture);
        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_line_reads_on_the_fast_path_into_the_response_JsonParser_builds(string path)
    {
        var lines = NonEmptyLines(path);
        Assert.NotEmpty(lines);
        foreach (var (line, number) in lines)
        {
            var expected = GenericParse(line);

            Assert.True(FastProtoJson.TryParseCaptureLine(Encoding.UTF8.GetBytes(line), out var actual), $"{path}:{number} fell back");
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_line_rewritten_with_lower_camel_names_reads_the_same(string path)
    {
        foreach (var (line, number) in NonEmptyLines(path))
        {
            var descriptor = DescriptorFor(line);
            var expected = CaptureJson.Parser.Parse(line, descriptor);
            var camel = CamelCase.Format(expected);

            Assert.True(FastProtoJson.TryParse(Encoding.UTF8.GetBytes(camel), descriptor, out var actual), $"{path}:{number} fell back");
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData("""{"node_labels":["a",null]}""")]
    [InlineData("""{"verdict":"NOT_A_VERDICT","uuid":"a"}""")]
    [InlineData("""{"uuid":"a","uuid":"b"}""")]
    [InlineData("""{"time":"2026-11-20T10:00:20.5+01:00"}""")]
    [InlineData("""{"time":"2026-11-20T09:00:60Z"}""")]
    [InlineData("""{"socket_cookie":18014398509481985}""")]
    [InlineData("""{"l4":{"TCP":{"source_port":1},"UDP":{"source_port":2}}}""")]
    [InlineData("""{"extensions":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"x"}}""")]
    [InlineData("""{"drop_reason":1.5}""")]
    [InlineData("""{"socket_cookie":"007"}""")]
    [InlineData("""{"socket_cookie":"+7"}""")]
    public void A_construct_the_fast_path_does_not_cover_goes_to_JsonParser_with_its_result_or_error(string json)
    {
        Assert.False(FastProtoJson.TryParse(Encoding.UTF8.GetBytes(json), Flow.Descriptor, out _));

        var response = CaptureLineParser.Parse(Encoding.UTF8.GetBytes(json), out var error);

        Flow? expected = null;
        string? expectedError = null;
        try
        {
            expected = CaptureJson.Parser.Parse<Flow>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            expectedError = $"cannot decode as Flow: {ex.Message}";
        }

        Assert.Equal(expected, response?.Flow);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void Unknown_keys_are_skipped_as_JsonParser_is_configured_to()
    {
        const string json = """{"uuid":"a","from_a_newer_agent":{"nested":[1,2,{"x":null}]},"verdict":"DROPPED"}""";

        Assert.True(FastProtoJson.TryParse(Encoding.UTF8.GetBytes(json), Flow.Descriptor, out var actual));
        Assert.Equal(CaptureJson.Parser.Parse<Flow>(json), actual);
    }

    [Theory]
    [InlineData("""{"\u0066low":{"uuid":"a","verdict":"DR\u004fPPED","traffic_direction":"INGRESS"},"node_name":"n1"}""", true)]
    [InlineData("""{"flow":{"uuid":"a","verdict":"AUDIT","source":{"labels":["k8s:app=x"],"namespace":"n"}},"nodeName":"n1"}""", true)]
    [InlineData("""{"flow":{"uuid":"a","trafficDirection":"EGRESS","no_such_field":1,"verdict":"NO_SUCH_VERDICT"}}""", false)]
    public void Names_are_found_from_their_UTF8_bytes_or_escaped_as_JsonParser_finds_them(string line, bool fastPath)
    {
        var bytes = Encoding.UTF8.GetBytes(line);

        Assert.Equal(fastPath, FastProtoJson.TryParseCaptureLine(bytes, out _));
        Assert.Equal(GenericParse(line), CaptureLineParser.Parse(bytes, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("""{"flow":{"uuid":"a"}} {}""")]
    [InlineData("""{"flow":{"uuid":"a"}""")]
    [InlineData("""{"uuid":"a","uuid":"b"}""")]
    public void A_line_the_fast_path_declines_is_left_to_the_shape_check_and_JsonParser(string line) =>
        Assert.False(FastProtoJson.TryParseCaptureLine(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void A_bare_flow_keeps_node_name_and_time_on_both_the_flow_and_its_wrapper()
    {
        const string line = """{"node_name":"kind-worker","time":"2026-11-20T09:00:20.5Z","uuid":"a","verdict":"DROPPED"}""";

        Assert.True(FastProtoJson.TryParseCaptureLine(Encoding.UTF8.GetBytes(line), out var actual));
        Assert.Equal(GenericParse(line), actual);
        Assert.Equal("kind-worker", actual.NodeName);
        Assert.Equal("kind-worker", actual.Flow.NodeName);
        Assert.Equal(500_000_000, actual.Time.Nanos);
    }

    // What CaptureLineParser's generic path builds: the detected shape through JsonParser, a bare Flow wrapped.
    private static GetFlowsResponse GenericParse(string line)
    {
        var message = CaptureJson.Parser.Parse(line, DescriptorFor(line));
        return message as GetFlowsResponse
            ?? new GetFlowsResponse { Flow = (Flow)message, NodeName = ((Flow)message).NodeName, Time = ((Flow)message).Time?.Clone() };
    }

    private static MessageDescriptor DescriptorFor(string line)
    {
        using var document = JsonDocument.Parse(line);
        var wrapped = document.RootElement.EnumerateObject().Any(p => p.Name is "flow" or "lost_events" or "lostEvents" or "node_status" or "nodeStatus");
        return wrapped ? GetFlowsResponse.Descriptor : Flow.Descriptor;
    }

    private static List<(string Line, int Number)> NonEmptyLines(string path) =>
        [.. File.ReadLines(path).Select((line, index) => (Line: line.Trim().TrimStart('\uFEFF'), Number: index + 1)).Where(l => l.Line.Length > 0)];
}
