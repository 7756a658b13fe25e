using System.Buffers;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Wire;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Benchmarks.Hubble;

/// <summary>
/// Decoding one GetFlowsResponse into a Core FlowRecord, per flow (OperationsPerInvoke): the reference path
/// (Google.Protobuf parse + <see cref="FlowRecordMapper"/>) against the wire decoder, on the loadtest's capture with a
/// fresh uuid per message as a live agent sends, whole and trimmed by the client's field_mask.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class FlowDecodeBenchmark
{
    private const int Messages = 4096;
    private byte[][] _whole = [];
    private byte[][] _masked = [];
    private byte[][] _newAddresses = [];
    private readonly FlowRecordMapper _mapper = new();
    private readonly FlowWireDecoder _decoder = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var flows = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader().ReadAsync([CapturePath()]))
        {
            if (record.Flow is not null)
            {
                flows.Add(record);
            }
        }

        var mask = new FieldMask { Paths = { FlowsMethods.DecodedFields } };
        _whole = new byte[Messages][];
        _masked = new byte[Messages][];
        _newAddresses = new byte[Messages][];
        for (var i = 0; i < Messages; i++)
        {
            var response = flows[i % flows.Count].Clone();
            response.Flow.Uuid = Guid.NewGuid().ToString();
            _whole[i] = response.ToByteArray();
            var masked = new Flow();
            mask.Merge(response.Flow, masked);
            _masked[i] = new GetFlowsResponse { Flow = masked, NodeName = response.NodeName, Time = response.Time }.ToByteArray();

            // The worst case for the endpoint cache: every flow from another address (the world side of a public service).
            if (masked.IP is { } ip)
            {
                ip.Source = $"198.{18 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}";
            }

            _newAddresses[i] = new GetFlowsResponse { Flow = masked, NodeName = response.NodeName, Time = response.Time }.ToByteArray();
        }

        Console.WriteLine($"// bytes/flow: whole {_whole.Average(b => b.Length):F0}, masked {_masked.Average(b => b.Length):F0}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int ProtobufParseAndMap()
    {
        var sum = 0;
        foreach (var bytes in _whole)
        {
            var response = GetFlowsResponse.Parser.ParseFrom(bytes);
            sum += _mapper.Map(response.Flow, response.NodeName.Length > 0 ? response.NodeName : response.Flow.NodeName).DestinationPort;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public int WireDecode() => DecodeAll(_whole);

    [Benchmark(OperationsPerInvoke = Messages)]
    public int WireDecodeMasked() => DecodeAll(_masked);

    /// <summary>Masked, with every flow's source address new to the decoder's caches.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int WireDecodeMaskedEveryAddressNew() => DecodeAll(_newAddresses);

    private int DecodeAll(byte[][] messages)
    {
        var sum = 0;
        foreach (var bytes in messages)
        {
            sum += _decoder.Decode(new ReadOnlySequence<byte>(bytes)).Flow!.DestinationPort;
        }

        return sum;
    }

    private static string CapturePath([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "deploy", "examples", "three-tier", "capture.jsonl"));
}
