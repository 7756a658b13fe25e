using FlowAuditor.Core.Labels;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>
/// Parses each distinct identity's label list once. Keyed by (cluster, numeric identity) and confirmed by comparing
/// the label strings, so a reused identity number (local CIDR identities differ per node) never returns stale labels.
/// Not thread-safe: one decoder owns it.
/// </summary>
internal sealed class LabelSetCache
{
    private const int MaxEntries = 65_536;
    private readonly Dictionary<(string Cluster, uint Identity, string Namespace), (string[] Raw, LabelSet Labels)> _entries = [];

    public LabelSet Get(string cluster, uint identity, string ns, IReadOnlyList<string> raw)
    {
        var key = (cluster, identity, ns);
        if (_entries.TryGetValue(key, out var cached) && Same(cached.Raw, raw))
        {
            return cached.Labels;
        }

        var labels = Parse(raw, ns);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = ([.. raw], labels);
        return labels;
    }

    // Trimmed captures sometimes drop the pod-namespace label; the endpoint's namespace field states it.
    public static LabelSet Parse(IEnumerable<string> raw, string ns)
    {
        var labels = raw.Select(Label.Parse).ToList();
        var isPod = ns.Length > 0 && !labels.Any(l => l.Source == LabelSources.Reserved);
        if (isPod && !labels.Any(l => l.Key == LabelSources.PodNamespaceKey))
        {
            labels.Add(new Label(LabelSources.K8s, LabelSources.PodNamespaceKey, ns));
        }

        return LabelSet.From(labels);
    }

    private static bool Same(string[] cached, IReadOnlyList<string> raw)
    {
        if (cached.Length != raw.Count)
        {
            return false;
        }

        for (var i = 0; i < cached.Length; i++)
        {
            if (!string.Equals(cached[i], raw[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
