using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Tests.Support;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Tests.Support;

/// <summary>
/// The bundled example's capture and every verbatim Hubble fixture, mapped to flow records and looped as the
/// replay server loops them: each pass later than the window and with moved client ports, so every pass is new
/// attempts of new 5-tuples. Plus crossed traffic into the example's default-denied namespace: subjects and peers
/// sharing ports, peers sharing a subject, pods of one workload under different names, external addresses, DROPPED
/// and AUDIT of the same subject, so rows and series that differ in one part only are all there.
/// </summary>
internal static class LoopedTraffic
{
    public static string ExampleManifests => Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "manifests");

    public static async Task<IReadOnlyList<FlowRecord>> LoadAsync(int passes)
    {
        var files = new List<string> { Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier", "capture.jsonl") };
        files.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hubble"), "*.jsonl").Order(StringComparer.Ordinal));
        var mapper = new FlowRecordMapper();
        var once = new List<FlowRecord>();
        await foreach (var response in new CaptureReader().ReadAsync(files))
        {
            if (response.Flow is { } flow)
            {
                once.Add(mapper.Map(flow, response.NodeName));
            }
        }

        Assert.True(once.Count > 566, $"{once.Count} flows read");
        once.AddRange(Crossed());
        var looped = new List<FlowRecord>();
        for (var pass = 0; pass < passes; pass++)
        {
            looped.AddRange(once.Select(flow => Shift(flow, pass)));
        }

        return looped;
    }

    private static IEnumerable<FlowRecord> Crossed()
    {
        Endpoint[] subjects =
        [
            TestPods.Make("production", "api", address: "10.9.0.1"),
            TestPods.Make("production", "cart", address: "10.9.0.2"),
            .. Enumerable.Range(0, 3).Select(i => Endpoint.Pod("production", $"worker-{i}", [new("app", "worker")], [new("kubernetes.io/metadata.name", "production")]) is var pod
                ? new Endpoint(pod.Kind, pod.Labels) { Namespace = "production", Name = pod.Name, Address = IPAddress.Parse($"10.9.1.{i}") }
                : null!),
        ];
        Endpoint[] peers =
        [
            TestPods.Make("reporting", "client", address: "10.9.2.1"),
            TestPods.Make("reporting", "batch", address: "10.9.2.2"),
            Endpoint.External(IPAddress.Parse("203.0.113.7")),
            Endpoint.External(IPAddress.Parse("203.0.113.8")),
            Endpoint.ForEntity(EndpointKind.Host, IPAddress.Parse("172.18.0.2")),
        ];
        var sourcePort = 30000;
        foreach (var subject in subjects)
        {
            foreach (var peer in peers)
            {
                foreach (var port in (int[])[80, 443, 8080])
                {
                    foreach (var verdict in (FlowVerdict[])[FlowVerdict.Dropped, FlowVerdict.Audit])
                    {
                        var flow = TestFlows.PolicyVerdict(peer, subject, FlowDirection.Ingress, verdict, port, dropReason: verdict == FlowVerdict.Dropped ? 133 : 0, seconds: sourcePort % 60, sourcePort: sourcePort++);
                        yield return flow;
                        yield return TestFlows.DropEvent(flow);
                    }
                }
            }
        }
    }

    private static FlowRecord Shift(FlowRecord flow, int pass) => flow.Repeated(
        TimeSpan.FromMinutes(15 * pass),
        flow.SourcePort == 0 ? 0 : 1024 + ((flow.SourcePort + pass) % 60000),
        flow.Uuid is null ? null : $"{flow.Uuid}-{pass}");
}
