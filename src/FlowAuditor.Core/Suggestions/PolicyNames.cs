using System.Text;

namespace FlowAuditor.Core.Suggestions;

/// <summary>Deterministic, valid Kubernetes object names for suggested policies.</summary>
public static class PolicyNames
{
    private const int MaxLength = 253;

    public static string AllowPolicy(string workload, Policies.TrafficDirection direction) =>
        Sanitize($"flowauditor-allow-{workload}-{direction.ToString().ToLowerInvariant()}");

    /// <summary>Lowercase alphanumerics and dashes (a DNS-1123 subdomain without dots), trimmed to 253 characters.</summary>
    public static string Sanitize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var sanitized = builder.ToString().Trim('-');
        while (sanitized.Contains("--", StringComparison.Ordinal))
        {
            sanitized = sanitized.Replace("--", "-", StringComparison.Ordinal);
        }

        return sanitized.Length <= MaxLength ? sanitized : sanitized[..MaxLength].TrimEnd('-');
    }
}
