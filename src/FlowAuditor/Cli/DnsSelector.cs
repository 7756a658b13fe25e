using FlowAuditor.Core.Linting;

namespace FlowAuditor.Cli;

/// <summary><c>--dns-selector kube-system/k8s-app=kube-dns</c>: where lint looks for the cluster DNS.</summary>
internal static class DnsSelector
{
    /// <summary>The options, or null when the text is not <c>NAMESPACE/LABEL=VALUE[,LABEL=VALUE]</c>.</summary>
    public static LintOptions? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text[(slash + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        return new LintOptions { DnsNamespace = text[..slash], DnsLabels = labels };
    }
}
