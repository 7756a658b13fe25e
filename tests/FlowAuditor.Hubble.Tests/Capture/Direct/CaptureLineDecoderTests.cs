using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Capture.Direct;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Tests.Capture.Direct;

/// <summary>
/// The direct decoder line by line against the general path, over every capture fixture (as captured, rewritten with
/// lowerCamel names, and with enums as numbers) and hand-made edge cases: each line it decodes gives the same record.
/// </summary>
public sealed class CaptureLineDecoderTests
{
    private static readonly string ExampleCapture = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl");

    private static readonly JsonFormatter CamelCase = new(JsonFormatter.Settings.Default);
    private static readonly JsonFormatter NumericEnums = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatEnumsAsIntegers(true));

    public static TheoryData<string> Captures() => [.. HubbleFixtures.Files.Append(ExampleCapture)];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_flow_line_of_a_capture_decodes_directly_to_the_records_of_the_general_path(string path)
    {
        var lines = NonEmptyLines(path);
        var decoder = new CaptureLineDecoder();

        // Twice with one decoder: the second pass reads every endpoint, policy and string from the caches.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (line, number) in lines)
            {
                var response = CaptureLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), out _)!;
                var decoded = DirectDifferential.DecodesAsReference(decoder, line, $"{path}:{number} pass {pass}");

                // Lost events and node status are the general path's; every flow of a real capture is decoded directly.
                Assert.Equal(response.Flow is not null, decoded);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_line_rewritten_with_lowerCamel_names_or_numeric_enums_decodes_as_the_general_path_reads_it(string path)
    {
        var decoder = new CaptureLineDecoder();
        foreach (var (line, number) in NonEmptyLines(path))
        {
            var response = CaptureLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), out _)!;
            foreach (var (formatter, form) in new[] { (CamelCase, "lowerCamel"), (NumericEnums, "numeric enums") })
            {
                var rewritten = formatter.Format(response);
                Assert.Equal(response.Flow is not null, DirectDifferential.DecodesAsReference(decoder, rewritten, $"{path}:{number} {form}"));
            }
        }
    }

    public static TheoryData<string> Direct() => [.. EdgeLines.Direct];

    [Theory]
    [MemberData(nameof(Direct))]
    public void An_edge_case_the_decoder_covers_gives_the_record_of_the_general_path(string line)
    {
        Assert.True(DirectDifferential.DecodesAsReference(new CaptureLineDecoder(), line, line), "fell back");
    }

    [Fact]
    public void One_decoder_over_all_edge_cases_in_turn_twice_keeps_no_endpoint_of_one_line_for_the_next()
    {
        // Endpoints are built once per endpoint object, address and service; the edge lines share endpoint objects
        // with other addresses, services and DNS names.
        var decoder = new CaptureLineDecoder();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var line in EdgeLines.Direct)
            {
                Assert.True(DirectDifferential.DecodesAsReference(decoder, line, $"pass {pass}: {line}"), "fell back");
            }
        }
    }

    [Fact]
    public void The_same_endpoint_object_on_another_address_is_another_endpoint_and_on_the_same_one_the_same()
    {
        var decoder = new CaptureLineDecoder();
        const string Pod = "{\"namespace\":\"shop\",\"labels\":[\"k8s:app=web\",\"k8s:io.kubernetes.pod.namespace=shop\"],\"pod_name\":\"web-1\",\"identity\":1234}";
        static string Line(string ip) => "{\"flow\":{\"verdict\":\"DROPPED\",\"IP\":{\"source\":\"" + ip + "\",\"destination\":\"10.0.0.2\"},\"source\":" + Pod + "}}";

        Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(Line("10.0.0.1")), out var first));
        Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(Line("10.0.0.9")), out var moved));
        Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(Line("10.0.0.1")), out var again));

        Assert.Equal("10.0.0.1", first.Record.Source.Address!.ToString());
        Assert.Equal("10.0.0.9", moved.Record.Source.Address!.ToString());
        Assert.Same(first.Record.Source, again.Record.Source);
    }

    public static TheoryData<string> Declined() => [.. EdgeLines.Declined];

    [Theory]
    [MemberData(nameof(Declined))]
    public void A_line_the_decoder_does_not_cover_is_left_to_the_general_path(string line)
    {
        Assert.False(DirectDifferential.DecodesAsReference(new CaptureLineDecoder(), line, line));
    }

    [Fact]
    public void A_reused_identity_with_other_labels_gets_its_own_labels()
    {
        var decoder = new CaptureLineDecoder();
        const string first = """{"flow":{"source":{"identity":7,"namespace":"shop","labels":["k8s:app=web"]}}}""";
        const string second = """{"flow":{"source":{"identity":7,"namespace":"shop","labels":["k8s:app=other"]}}}""";

        Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(first), out var a));
        Assert.True(decoder.TryDecode(System.Text.Encoding.UTF8.GetBytes(second), out var b));

        Assert.Equal("web", a.Record.Source.Labels.First(l => l.Key == "app").Value);
        Assert.Equal("other", b.Record.Source.Labels.First(l => l.Key == "app").Value);
    }

    [Fact]
    public void A_repeated_object_stepped_over_from_its_cached_state_reads_as_the_general_path_at_any_depth_and_around_any_rest()
    {
        // The same source object, byte for byte: in bare and wrapped lines (other depths), beside an object sharing its
        // first 64 bytes (the same slot), and followed by a rest that is malformed or trailed by data.
        const string source = """{"ID":1,"identity":29044,"cluster_name":"default","namespace":"shop","labels":["k8s:app=web"],"pod_name":"web-1"}""";
        const string sibling = """{"ID":1,"identity":29044,"cluster_name":"default","namespace":"shop","labels":["k8s:app=api"],"pod_name":"api-1"}""";
        string[] lines =
        [
            "{\"flow\":{\"source\":" + source + ",\"verdict\":\"DROPPED\"},\"node_name\":\"n1\"}",
            "{\"source\":" + source + ",\"verdict\":\"AUDIT\",\"node_name\":\"n2\"}",
            "{\"flow\":{\"destination\":" + source + ",\"source\":" + sibling + "}}",
            "{\"flow\":{\"source\":" + source + ",\"destination\":" + sibling + ",\"egress_denied_by\":[{\"name\":\"p\"},{\"name\":\"p\"}]}}",
            "{\"flow\":{\"source\":" + source + "}}",
            "{\"flow\":{\"source\":" + source + ",\"verdict\":}}",
            "{\"flow\":{\"source\":" + source + "}} {}",
            "{\"flow\":{\"source\":" + source + ",\"Summary\":5}}",
            "{\"flow\":{\"source\":" + source + "}",
        ];
        var decoder = new CaptureLineDecoder();
        var decoded = new List<bool>();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (line, i) in lines.Select((l, i) => (l, i)))
            {
                decoded.Add(DirectDifferential.DecodesAsReference(decoder, line, $"line {i} pass {pass}"));
            }
        }

        bool[] once = [true, true, true, true, true, false, false, false, false];
        Assert.Equal([.. once, .. once], decoded);
    }

    private static List<(string Line, int Number)> NonEmptyLines(string path) =>
        [.. File.ReadAllLines(path).Select((line, i) => (line.Trim(), i + 1)).Where(l => l.Item1.Length > 0)];
}
