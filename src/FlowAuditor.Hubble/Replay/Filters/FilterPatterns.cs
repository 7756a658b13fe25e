using System.Text;
using System.Text.RegularExpressions;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// The glob patterns of FQDN and node-name filters, as the agent compiles them (pkg/hubble/filters/patterns.go):
/// <c>*.cilium.io</c>, <c>k8s*</c>, <c>prod/*</c>. A star matches any run of letters, digits, hyphens and dots;
/// letters, digits, '-', '_' and '.' match themselves; a pattern is trimmed, lower-cased and may end in one dot.
/// A node pattern is <c>[CLUSTER/]NODE</c>; a missing or empty part matches any name. Also the regular
/// expressions of dns_query and http_path.
/// </summary>
internal static class FilterPatterns
{
    private const string AnyName = "(?:[-0-9_a-z]+(?:\\.[-0-9_a-z]+)*)";

    public static Regex? Fqdn(IEnumerable<string> patterns, out string? error) =>
        Compile(patterns, AppendFqdn, out error);

    public static Regex? NodeName(IEnumerable<string> patterns, out string? error) =>
        Compile(patterns, AppendNodeName, out error);

    /// <summary>Unanchored regular expressions (RE2 upstream; .NET syntax here, the common subset agrees).</summary>
    public static List<Regex>? Regexes(IEnumerable<string> patterns, out string? error)
    {
        var regexes = new List<Regex>();
        foreach (var pattern in patterns)
        {
            try
            {
                regexes.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException ex)
            {
                error = $"failed to compile regexp '{pattern}': {ex.Message}";
                return null;
            }
        }

        error = null;
        return regexes;
    }

    private static Regex? Compile(IEnumerable<string> patterns, Func<StringBuilder, string, string?> append, out string? error)
    {
        var regex = new StringBuilder("\\A(?:");
        var first = true;
        foreach (var pattern in patterns)
        {
            regex.Append(first ? "" : "|");
            first = false;
            error = append(regex, pattern);
            if (error is not null)
            {
                return null;
            }
        }

        error = null;
        return new Regex(regex.Append(")\\z").ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
    }

    private static string? AppendFqdn(StringBuilder regex, string pattern)
    {
        var canonical = pattern.Trim();
        canonical = (canonical.EndsWith('.') ? canonical[..^1] : canonical).ToLowerInvariant();
        if (canonical.Length == 0)
        {
            return $"empty pattern '{pattern}'";
        }

        if (canonical.EndsWith('.'))
        {
            return $"multiple trailing dots in pattern '{pattern}'";
        }

        foreach (var c in canonical)
        {
            switch (c)
            {
                case '.':
                    regex.Append("\\.");
                    break;
                case '*':
                    regex.Append("[-.0-9a-z]*");
                    break;
                case '-' or '_' or (>= '0' and <= '9') or (>= 'a' and <= 'z'):
                    regex.Append(c);
                    break;
                default:
                    return $"invalid character '{c}' in pattern '{pattern}'";
            }
        }

        return null;
    }

    private static string? AppendNodeName(StringBuilder regex, string pattern)
    {
        if (pattern.Length == 0)
        {
            return "empty pattern";
        }

        var parts = pattern.Split('/');
        if (parts.Length > 2)
        {
            return $"too many slashes in pattern '{pattern}'";
        }

        var (cluster, node) = parts.Length == 1 ? ("", parts[0]) : (parts[0], parts[1]);
        return AppendPart(regex, cluster) ?? AppendPart(regex.Append('/'), node);
    }

    private static string? AppendPart(StringBuilder regex, string part)
    {
        if (part.Length == 0)
        {
            regex.Append(AnyName);
            return null;
        }

        return AppendFqdn(regex, part);
    }
}
