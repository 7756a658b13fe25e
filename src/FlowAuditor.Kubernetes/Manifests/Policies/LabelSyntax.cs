using System.Text.RegularExpressions;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>Kubernetes label key and value syntax (a qualified name with an optional DNS-subdomain prefix).</summary>
internal static partial class LabelSyntax
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;

    /// <summary>Null when <paramref name="key"/> is a valid label key, otherwise why not.</summary>
    public static string? KeyError(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length is 0 or > MaxPrefixLength || !DnsSubdomain().IsMatch(prefix))
            {
                return "the prefix must be a DNS subdomain (lowercase alphanumerics, '-' and '.')";
            }
        }

        return name.Length is 0 or > MaxNameLength || !Name().IsMatch(name)
            ? "the name must be 1-63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"
            : null;
    }

    public static string? ValueError(string value) =>
        value.Length == 0 || (value.Length <= MaxNameLength && Name().IsMatch(value))
            ? null
            : "must be empty or 1-63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
