namespace FlowAuditor.Core.Labels;

/// <summary>Splits a label or selector key into its Cilium source prefix and bare key.</summary>
public static class LabelKey
{
    /// <summary>
    /// Sources Cilium recognises as prefixes. A colon elsewhere (rare in keys) is part of the key.
    /// </summary>
    private static readonly string[] KnownSources =
        [LabelSources.K8s, LabelSources.Reserved, LabelSources.Any, LabelSources.Cidr, LabelSources.Fqdn, LabelSources.Container, LabelSources.Unspec, "cilium-generated"];

    public static (string Source, string Key) Split(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = key[..colon];
            foreach (var known in KnownSources)
            {
                if (string.Equals(prefix, known, StringComparison.Ordinal))
                {
                    return (prefix, key[(colon + 1)..]);
                }
            }
        }

        return (LabelSources.Any, key);
    }
}
