using System.IO.Compression;
using System.Text;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Tests.Support;

namespace FlowAuditor.Hubble.Tests.Capture.Direct;

/// <summary>
/// <see cref="CaptureReader.ReadEventsAsync(IEnumerable{string}, CancellationToken)"/> against the path it replaces
/// for the audit (ReadAsync, then FlowRecordMapper): the same events, counts and diagnostics for whole captures.
/// </summary>
public sealed class CaptureEventReadingTests
{
    private static readonly string ExampleCapture = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl");

    [Fact]
    public async Task Every_capture_reads_to_the_events_counts_and_diagnostics_of_the_general_path()
    {
        var paths = HubbleFixtures.Files.Append(ExampleCapture).ToList();

        var (expected, expectedStats) = await ReferenceAsync(new CaptureReader(), reader => reader.ReadAsync(paths));
        var direct = new CaptureReader();
        var actual = await ToListAsync(direct.ReadEventsAsync(paths));

        DirectDifferential.AssertSameEvents(expected, actual, "fixtures");
        AssertSameStats(expectedStats, direct.Stats);
        Assert.True(expected.OfType<LostEventsEvent>().Any(), "no lost events in the fixtures");
        // Only the lost-events and node-status lines went the general way.
        Assert.Equal(direct.Stats.LostEvents + direct.Stats.NodeStatuses, direct.Stats.FallbackLines);
    }

    [Fact]
    public async Task A_capture_of_edge_cases_bad_lines_BOM_and_blank_lines_reads_as_the_general_path_reads_it()
    {
        var lines = EdgeLines.Direct.Concat(EdgeLines.Declined).SelectMany((line, i) => i % 5 == 0 ? [line, "", "   \t"] : new[] { line });
        var text = "\uFEFF" + string.Join("\r\n", lines) + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var seen = new List<CaptureDiagnostic>();

        var (expected, expectedStats) = await ReferenceAsync(new CaptureReader(), reader => reader.ReadAsync(new MemoryStream(bytes), "edge.jsonl"));
        var direct = new CaptureReader(new CaptureReaderOptions { OnDiagnostic = seen.Add });
        var actual = await ToListAsync(direct.ReadEventsAsync(new MemoryStream(bytes), "edge.jsonl"));

        DirectDifferential.AssertSameEvents(expected, actual, "edge cases");
        AssertSameStats(expectedStats, direct.Stats);
        Assert.True(direct.Stats.Malformed > 10, $"only {direct.Stats.Malformed} malformed lines");
        Assert.Equal(direct.Stats.Diagnostics, seen);
    }

    [Fact]
    public async Task Strict_mode_stops_at_the_same_line_with_the_same_message()
    {
        var bytes = Encoding.UTF8.GetBytes(EdgeLines.Direct[2] + "\n" + """{"flow":{"Summary":5}}""" + "\n" + EdgeLines.Direct[3] + "\n");

        var expected = await Assert.ThrowsAsync<CaptureFormatException>(() => ReferenceAsync(
            new CaptureReader(new CaptureReaderOptions { Strict = true }), reader => reader.ReadAsync(new MemoryStream(bytes), "cap.jsonl")));
        var read = new List<HubbleEvent>();
        var actual = await Assert.ThrowsAsync<CaptureFormatException>(async () =>
        {
            await foreach (var item in new CaptureReader(new CaptureReaderOptions { Strict = true }).ReadEventsAsync(new MemoryStream(bytes), "cap.jsonl"))
            {
                read.Add(item);
            }
        });

        Assert.Equal(expected.Message, actual.Message);
        Assert.StartsWith("cap.jsonl:2: cannot decode as GetFlowsResponse: ", actual.Message, StringComparison.Ordinal);
        Assert.Single(read);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported_as_the_general_path_reports_it()
    {
        var huge = """{"flow":{"Summary":" """ + new string('x', 5000) + "\"}}";
        var bytes = Encoding.UTF8.GetBytes(EdgeLines.Direct[2] + "\n" + huge + "\n" + EdgeLines.Direct[3]);
        var options = new CaptureReaderOptions { MaxLineBytes = 1024 };

        var (expected, expectedStats) = await ReferenceAsync(new CaptureReader(options), reader => reader.ReadAsync(new MemoryStream(bytes), "m"));
        var direct = new CaptureReader(options);
        var actual = await ToListAsync(direct.ReadEventsAsync(new MemoryStream(bytes), "m"));

        DirectDifferential.AssertSameEvents(expected, actual, "huge line");
        AssertSameStats(expectedStats, direct.Stats);
        Assert.Equal(new CaptureDiagnostic("m", 2, "line longer than 1024 bytes; skipped"), Assert.Single(direct.Stats.Diagnostics));
    }

    [Fact]
    public async Task Gzip_files_and_standard_input_read_as_the_plain_file()
    {
        using var dir = new TempDirectory();
        var gz = dir.File("capture.jsonl.gz");
        await using (var output = File.Create(gz))
        await using (var zip = new GZipStream(output, CompressionLevel.Fastest))
        await using (var input = File.OpenRead(ExampleCapture))
        {
            await input.CopyToAsync(zip);
        }

        var plain = await ToListAsync(new CaptureReader().ReadEventsAsync([ExampleCapture]));
        var fromGzip = await ToListAsync(new CaptureReader().ReadEventsAsync([gz]));
        var bytes = await File.ReadAllBytesAsync(ExampleCapture);
        var fromStdin = await ToListAsync(new CaptureReader(null, () => new MemoryStream(bytes)).ReadEventsAsync([CaptureReader.StdinPath]));

        Assert.True(plain.Count > 500, $"only {plain.Count} events");
        DirectDifferential.AssertSameEvents(plain, fromGzip, "gzip");
        DirectDifferential.AssertSameEvents(plain, fromStdin, "stdin");
    }

    // The audit's former reading: the capture reader's responses through one mapper.
    private static async Task<(List<HubbleEvent> Events, CaptureReadStats Stats)> ReferenceAsync(
        CaptureReader reader, Func<CaptureReader, IAsyncEnumerable<Api.GetFlowsResponse>> read)
    {
        var mapper = new FlowRecordMapper();
        var events = new List<HubbleEvent>();
        await foreach (var response in read(reader))
        {
            if (CaptureEvents.Of(response, mapper) is { } item)
            {
                events.Add(item);
            }
        }

        return (events, reader.Stats);
    }

    private static async Task<List<HubbleEvent>> ToListAsync(IAsyncEnumerable<HubbleEvent> events)
    {
        var list = new List<HubbleEvent>();
        await foreach (var item in events)
        {
            list.Add(item);
        }

        return list;
    }

    private static void AssertSameStats(CaptureReadStats expected, CaptureReadStats actual)
    {
        Assert.Equal(
            (expected.Lines, expected.Flows, expected.LostEvents, expected.NodeStatuses, expected.Ignored, expected.Malformed),
            (actual.Lines, actual.Flows, actual.LostEvents, actual.NodeStatuses, actual.Ignored, actual.Malformed));
        Assert.Equal(expected.Diagnostics, actual.Diagnostics);
        Assert.Equal(0, expected.FallbackLines);
    }
}
