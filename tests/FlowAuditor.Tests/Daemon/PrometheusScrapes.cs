using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Tests.Daemon;

/// <summary>Story 7 of the example (README): monitoring/prometheus-k8s scraping production/backend on TCP 9090, dropped at ingress.</summary>
internal static class PrometheusScrapes
{
    public const int Attempts = 20;

    /// <summary>README fix for item 1: admit Prometheus (by namespace AND pod labels) to the backend's metrics port.</summary>
    public const string AllowPolicy = """
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
         "metadata":{"name":"allow-prometheus-to-backend","namespace":"production"},
         "spec":{"podSelector":{"matchLabels":{"app":"backend"}},"policyTypes":["Ingress"],
                 "ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}},
                                      "podSelector":{"matchLabels":{"app.kubernetes.io/name":"prometheus"}}}],
                             "ports":[{"protocol":"TCP","port":9090}]}]}}
        """;

    /// <summary>The index of the first capture record of the scrape attempt number <paramref name="attempt"/> (0-based).</summary>
    public static int StartOfAttempt(IReadOnlyList<GetFlowsResponse> records, int attempt)
    {
        var attempts = new List<uint>();
        for (var i = 0; i < records.Count; i++)
        {
            var flow = records[i].Flow;
            if (flow?.L4?.TCP is { DestinationPort: 9090 } tcp && !attempts.Contains(tcp.SourcePort))
            {
                if (attempts.Count == attempt)
                {
                    return i;
                }

                attempts.Add(tcp.SourcePort);
            }
        }

        throw new InvalidOperationException($"the capture has {attempts.Count} scrape attempts, not {attempt + 1}");
    }
}
