using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;
using k8s;
using k8s.Models;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// The bundled example (deploy/examples/three-tier, linked into the test output): its capture as replay records, its
/// Namespaces and NetworkPolicies as the JSON objects a Kubernetes API server returns, and the counts its README states.
/// </summary>
internal static class ThreeTierExample
{
    /// <summary>capture.jsonl lines (README: "566 GetFlowsResponse lines").</summary>
    public const int Records = 566;

    /// <summary>README: 82 FORWARDED + 93 DROPPED + 16 AUDIT type-5, 94 type-1 and 281 type-4 events.</summary>
    public const int Forwarded = 82 + 281;
    public const int Dropped = 93 + 94;
    public const int Audited = 16;

    /// <summary>README: seven production NetworkPolicies and reporting/default-deny-egress.</summary>
    public const int NetworkPolicies = 8;

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier");

    public static string Manifests => Path.Combine(Directory, "manifests");

    public static string Capture => Path.Combine(Directory, "capture.jsonl");

    public static async Task<IReadOnlyList<GetFlowsResponse>> RecordsAsync()
    {
        var records = new List<GetFlowsResponse>();
        await foreach (var record in new CaptureReader().ReadAsync([Capture]))
        {
            records.Add(record);
        }

        Assert.Equal(Records, records.Count);
        return records;
    }

    /// <summary>The example's Namespaces and NetworkPolicies as JSON objects (what the daemon watches through the API).</summary>
    public static IReadOnlyList<string> ApiObjects()
    {
        var objects = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(Manifests, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var obj in KubernetesYaml.LoadAllFromString(File.ReadAllText(file)))
            {
                if (obj is V1Namespace or V1NetworkPolicy)
                {
                    objects.Add(KubernetesJson.Serialize(obj));
                }
            }
        }

        Assert.Equal(5 + NetworkPolicies, objects.Count);
        return objects;
    }
}
