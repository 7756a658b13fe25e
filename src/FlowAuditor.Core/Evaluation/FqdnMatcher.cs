using System.Text.RegularExpressions;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Core.Evaluation;

/// <summary>
/// Cilium's toFQDNs matching: <c>matchName</c> is exact (case-insensitive, trailing dot ignored); in
/// <c>matchPattern</c>, <c>*</c> matches any run of DNS characters except the dot, a lone <c>*</c> matches every name,
/// and a leading <c>**.</c> matches one or more subdomain labels (docs.cilium.io, Layer 3 "DNS based").
/// <code>
/// toFQDNs:
/// - matchPattern: "*.example.com"   # api.example.com, not a.b.example.com
/// - matchPattern: "**.example.com"  # api.example.com and a.b.example.com, not example.com
/// </code>
/// </summary>
internal sealed class FqdnMatcher
{
    private readonly string? _name;
    private readonly Regex? _pattern;
    private readonly bool _matchesAll;

    public FqdnMatcher(FqdnPeer peer)
    {
        Peer = peer;
        if (peer.MatchName is not null)
        {
            _name = Normalize(peer.MatchName);
        }
        else if (peer.MatchPattern is { } pattern)
        {
            var normalized = Normalize(pattern);
            _matchesAll = normalized == "*";

            // "**." is a prefix that matches one or more cascaded subdomains (app.cilium.io, test.app.cilium.io).
            var cascaded = normalized.StartsWith("**.", StringComparison.Ordinal);
            var rest = cascaded ? normalized[3..] : normalized;
            var regex = "^" + (cascaded ? "(?:[-a-z0-9_]+\\.)+" : string.Empty)
                + Regex.Escape(rest).Replace("\\*", "[-a-z0-9_]*", StringComparison.Ordinal) + "$";
            // Linear-time engine: no timeout needed (a wall-clock timeout misfires on a loaded machine).
            _pattern = new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
    }

    public FqdnPeer Peer { get; }

    public bool Matches(string dnsName)
    {
        var name = Normalize(dnsName);
        if (_name is not null)
        {
            return string.Equals(name, _name, StringComparison.Ordinal);
        }

        return _matchesAll || (_pattern?.IsMatch(name) ?? false);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
