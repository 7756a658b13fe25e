using System.IO.Compression;
using System.Text;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Tests.Capture;

public sealed class CaptureReaderInputTests
{
    [Fact]
    public async Task A_gzip_file_reads_the_same_as_the_plain_file()
    {
        using var dir = new TempDirectory();
        var plain = HubbleFixtures.PathOf("otel-tcp-mixed-sampled.jsonl");
        var gz = dir.File("capture.jsonl.gz");
        await using (var output = File.Create(gz))
        await using (var zip = new GZipStream(output, CompressionLevel.Fastest))
        await using (var input = File.OpenRead(plain))
        {
            await input.CopyToAsync(zip);
        }

        var expected = await HubbleFixtures.ReadAllAsync([plain]);
        var actual = await HubbleFixtures.ReadAllAsync([gz]);

        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
    }

    [Fact]
    public async Task Dash_reads_standard_input()
    {
        var bytes = await File.ReadAllBytesAsync(HubbleFixtures.PathOf("otel-l7-dns-5-flows.jsonl"));
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true }, () => new MemoryStream(bytes));

        var fromStdin = await HubbleFixtures.ReadAllAsync([CaptureReader.StdinPath], reader);
        var fromFile = await HubbleFixtures.ReadAllAsync([HubbleFixtures.PathOf("otel-l7-dns-5-flows.jsonl")]);

        Assert.Equal(fromFile, fromStdin);
        Assert.Equal(5, fromStdin.Count);
    }

    [Fact]
    public async Task CamelCase_json_reads_to_the_same_messages_as_proto_names()
    {
        var protoNames = await HubbleFixtures.ReadAllFixturesAsync();
        var camel = new JsonFormatter(JsonFormatter.Settings.Default);
        var text = string.Join('\n', protoNames.Select(r => camel.Format(r)));
        Assert.Contains("\"dropReasonDesc\"", text, StringComparison.Ordinal);

        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });
        var reread = new List<GetFlowsResponse>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "camel"))
        {
            reread.Add(response);
        }

        Assert.Equal(protoNames, reread);
    }

    [Fact]
    public async Task Formatted_lines_read_back_unchanged()
    {
        var original = await HubbleFixtures.ReadAllFixturesAsync();
        var text = string.Join("\r\n", original.Select(CaptureJson.Format));
        Assert.Contains("\"drop_reason_desc\":\"POLICY_DENY\"", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });
        var reread = new List<GetFlowsResponse>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("\uFEFF" + text)), "formatted"))
        {
            reread.Add(response);
        }

        Assert.Equal(original, reread);
    }

    [Fact]
    public async Task Unknown_keys_are_ignored_and_unknown_enum_numbers_are_kept()
    {
        var line = """{"flow":{"uuid":"x","verdict":42,"drop_reason_desc":999,"brand_new_field":{"a":[1,2]}},"future":"yes"}""";
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });

        var responses = new List<GetFlowsResponse>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(line)), "x"))
        {
            responses.Add(response);
        }

        var flow = Assert.Single(responses).Flow;
        Assert.Equal(42, (int)flow.Verdict);
        Assert.Equal(999, (int)flow.DropReasonDesc);
        Assert.Contains("\"verdict\":42", CaptureJson.Format(responses[0]).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
