using System.Text;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Capture;

public sealed class CaptureReaderBadInputTests
{
    private const string Good = """{"flow":{"uuid":"u-1","verdict":"DROPPED"},"node_name":"n1"}""";
    private const string Good2 = """{"flow":{"uuid":"u-2","verdict":"AUDIT"},"node_name":"n1"}""";

    [Fact]
    public async Task Each_bad_line_is_named_counted_and_skipped()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.jsonl");
        var huge = """{"flow":{"uuid":"huge","Summary":" """ + new string('x', 300_000) + "\"}}";
        File.WriteAllLines(path,
        [
            Good,
            """{"flow":{"uuid":"trunc","verdict":"DROP""",           // 2 truncated
            "time=2024-01-01 level=info msg=not json",                // 3 not JSON
            """{"flow":{"uuid":"typed","verdict":{"x":1}}}""",       // 4 wrong-typed field
            huge,                                                     // 5 huge line
            "",
            Good2,                                                    // 7
        ]);
        var seen = new List<CaptureDiagnostic>();
        var reader = new CaptureReader(new CaptureReaderOptions { MaxLineBytes = 100_000, OnDiagnostic = seen.Add });

        var responses = await HubbleFixtures.ReadAllAsync([path], reader);

        Assert.Equal(["u-1", "u-2"], responses.Select(r => r.Flow.Uuid));
        Assert.Equal(4, reader.Stats.Malformed);
        Assert.Equal(seen, reader.Stats.Diagnostics);
        Assert.Equal([2L, 3L, 4L, 5L], seen.Select(d => d.Line));
        Assert.All(seen, d => Assert.Equal(path, d.File));
        Assert.Contains("invalid JSON", seen[0].Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", seen[1].Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot decode as GetFlowsResponse: ", seen[2].Message, StringComparison.Ordinal);
        Assert.Contains("Enum", seen[2].Message, StringComparison.Ordinal);
        Assert.Contains("longer than 100000 bytes", seen[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extensions_Any_of_an_unknown_type_is_a_diagnostic_and_the_next_line_still_reads()
    {
        const string any = """{"flow":{"uuid":"ext","extensions":{"@type":"type.googleapis.com/vendor.Custom","x":1}}}""";
        var bytes = Encoding.UTF8.GetBytes(Good + "\n" + any + "\n" + Good2 + "\n");
        var reader = new CaptureReader();

        var responses = new List<string>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(bytes), "mem"))
        {
            responses.Add(response.Flow.Uuid);
        }

        Assert.Equal(["u-1", "u-2"], responses);
        var diagnostic = Assert.Single(reader.Stats.Diagnostics);
        Assert.Equal(("mem", 2L), (diagnostic.File, diagnostic.Line));
        Assert.StartsWith("cannot decode as GetFlowsResponse: ", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("vendor.Custom", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_line_split_across_many_reads_is_skipped_without_losing_the_next_line()
    {
        var huge = new string('y', 1_000_000);
        var bytes = Encoding.UTF8.GetBytes(Good + "\n" + huge + "\n" + Good2 + "\n");
        var reader = new CaptureReader(new CaptureReaderOptions { MaxLineBytes = 1024 });

        var responses = new List<string>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(bytes), "mem"))
        {
            responses.Add(response.Flow.Uuid);
        }

        Assert.Equal(["u-1", "u-2"], responses);
        Assert.Equal(new CaptureDiagnostic("mem", 2, "line longer than 1024 bytes; skipped"), Assert.Single(reader.Stats.Diagnostics));
    }

    [Fact]
    public async Task Strict_mode_stops_at_the_first_bad_line_naming_file_and_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Good + "\nnot json\n" + Good2 + "\n");
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });
        var read = new List<string>();

        var ex = await Assert.ThrowsAsync<CaptureFormatException>(async () =>
        {
            await foreach (var response in reader.ReadAsync(new MemoryStream(bytes), "cap.jsonl"))
            {
                read.Add(response.Flow.Uuid);
            }
        });

        Assert.Equal(["u-1"], read);
        Assert.Equal(("cap.jsonl", 2L), (ex.Diagnostic.File, ex.Diagnostic.Line));
        Assert.StartsWith("cap.jsonl:2: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_data_after_the_object_is_malformed()
    {
        var reader = new CaptureReader();
        await foreach (var unused in reader.ReadAsync(new MemoryStream("{\"flow\":{}} {}\n"u8.ToArray()), "x"))
        {
            Assert.Fail("nothing should be read");
        }

        Assert.Equal(1, reader.Stats.Malformed);
    }

    [Fact]
    public void Options_reject_a_tiny_line_limit_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CaptureReader(new CaptureReaderOptions { MaxLineBytes = 1 }));
        Assert.Equal("MaxLineBytes", ex.ParamName);
    }
}
