using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Wire;
using FlowAuditor.Kubernetes.Manifests;
using Google.Protobuf;

namespace FlowAuditor.Benchmarks.Attribution;

/// <summary>
/// The three-tier example's capture as a looping replay sends it: each pass shifted 15 minutes later (past the
/// connection window, so every pass is new attempts) with new uuids and moved client ports (new 5-tuples).
/// </summary>
internal sealed class ExampleTraffic
{
    private ExampleTraffic(IReadOnlyList<Flow> flows, ManifestLoadResult manifests)
    {
        Flows = flows;
        Manifests = manifests;
    }

    /// <summary>One pass of the capture, as read.</summary>
    public IReadOnlyList<Flow> Flows { get; }

    public ManifestLoadResult Manifests { get; }

    public static ExampleTraffic Load()
    {
        var example = FindExample();
        var flows = new List<Flow>();
        foreach (var response in new CaptureReader().ReadAsync([Path.Combine(example, "capture.jsonl")]).ToBlockingEnumerable())
        {
            if (response.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        return new ExampleTraffic(flows, ManifestLoader.Load([Path.Combine(example, "manifests")]));
    }

    /// <summary>Flow <paramref name="index"/> of pass <paramref name="pass"/>: later, with a new uuid and client port.</summary>
    public Flow Shifted(int pass, int index)
    {
        var flow = Flows[index];
        var copy = flow.Clone();
        copy.Uuid = Guid.NewGuid().ToString();
        copy.Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(flow.Time.ToDateTimeOffset().AddMinutes(pass * 15.0));
        if (copy.L4?.TCP is { } tcp)
        {
            tcp.SourcePort = (uint)(1024 + ((tcp.SourcePort + (uint)pass) % 60000));
        }
        else if (copy.L4?.UDP is { } udp)
        {
            udp.SourcePort = (uint)(1024 + ((udp.SourcePort + (uint)pass) % 60000));
        }

        return copy;
    }

    public byte[][] Wire(int passes)
    {
        var wire = new byte[Flows.Count * passes][];
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = 0; i < Flows.Count; i++)
            {
                wire[(pass * Flows.Count) + i] = Shifted(pass, i).ToByteArray();
            }
        }

        return wire;
    }

    /// <summary>The passes decoded to FlowRecords once (one wire decoder, as the daemon's stream reader has).</summary>
    public FlowRecord[] Records(int passes)
    {
        // Decoded as the daemon and audit --server decode the stream: one wire decoder, whose caches hand repeated
        // endpoints out as the same objects (the attribution side's caches see them so).
        var decoder = new FlowWireDecoder();
        var records = new FlowRecord[Flows.Count * passes];
        for (var pass = 0; pass < passes; pass++)
        {
            for (var i = 0; i < Flows.Count; i++)
            {
                var bytes = new GetFlowsResponse { Flow = Shifted(pass, i) }.ToByteArray();
                records[(pass * Flows.Count) + i] = decoder.Decode(new System.Buffers.ReadOnlySequence<byte>(bytes)).Flow!;
            }
        }

        return records;
    }

    internal static string FindExample()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "deploy", "examples", "three-tier");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("deploy/examples/three-tier not found above the benchmark's directory; run from the repository.");
    }
}
