using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Benchmarks.Hubble;

/// <summary>
/// Offline capture reading: the bundled three-tier capture repeated to 20k lines (about 2 KB each, as the hubble CLI
/// prints them), read from memory by <see cref="CaptureReader"/> (the Utf8JsonReader fast path) and, as the
/// reference, line by line through Google.Protobuf's JsonParser as the reader did before. What the offline audit
/// consumes is records: the messages then mapped (the audit's former path), against the direct decoding into records
/// (<see cref="CaptureReader.ReadEventsAsync(Stream, string, CancellationToken)"/>). Time is per line.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(StreamJobConfig))]
public class CaptureReadBenchmark
{
    private const int Lines = 20_000;

    private byte[] _capture = [];
    private string[] _lines = [];
    private byte[][] _utf8Lines = [];

    [GlobalSetup]
    public void Setup()
    {
        var example = File.ReadAllLines(ExampleCapture()).Where(line => line.Length > 0).ToArray();
        _lines = [.. Enumerable.Range(0, Lines).Select(i => example[i % example.Length])];
        _capture = Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n");
        _utf8Lines = [.. _lines.Select(Encoding.UTF8.GetBytes)];
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> CaptureReaderFastPath()
    {
        var reader = new CaptureReader();
        using var stream = new MemoryStream(_capture, writable: false);
        long count = 0;
        await foreach (var response in reader.ReadAsync(stream, "bench"))
        {
            count += response.Flow is null ? 0 : 1;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> MessagesThenMapper()
    {
        var reader = new CaptureReader();
        var mapper = new FlowRecordMapper();
        using var stream = new MemoryStream(_capture, writable: false);
        long count = 0;
        await foreach (var response in reader.ReadAsync(stream, "bench"))
        {
            count += response.Flow is { } flow ? mapper.Map(flow, response.NodeName).DestinationPort : 0;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public async Task<long> DirectToRecords()
    {
        var reader = new CaptureReader();
        using var stream = new MemoryStream(_capture, writable: false);
        long count = 0;
        await foreach (var item in reader.ReadEventsAsync(stream, "bench"))
        {
            count += item is FlowRecordEvent flow ? flow.Record.DestinationPort : 0;
        }

        return count;
    }

    // The floor: System.Text.Json tokenizing each line, nothing read.
    [Benchmark(OperationsPerInvoke = Lines)]
    public long TokenizeOnly()
    {
        long tokens = 0;
        foreach (var line in _utf8Lines)
        {
            var reader = new System.Text.Json.Utf8JsonReader(line);
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public long DecoderOnly()
    {
        var decoder = new FlowAuditor.Hubble.Capture.Direct.CaptureLineDecoder();
        long count = 0;
        foreach (var line in _utf8Lines)
        {
            count += decoder.TryDecode(line, out var flow) ? flow.Record.DestinationPort : 0;
        }

        return count;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public long JsonParserReference()
    {
        long count = 0;
        foreach (var line in _lines)
        {
            count += CaptureJson.Parser.Parse<GetFlowsResponse>(line).Flow is null ? 0 : 1;
        }

        return count;
    }

    private static string ExampleCapture([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "deploy", "examples", "three-tier", "capture.jsonl"));
}
