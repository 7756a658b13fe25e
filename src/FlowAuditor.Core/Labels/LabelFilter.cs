using System.Text.RegularExpressions;

namespace FlowAuditor.Core.Labels;

/// <summary>
/// The agent's identity label filter (<c>pkg/labelsfilter/filter.go</c>): which pod labels become part of the
/// security identity. Labels it drops are not in the identity, so no selector can match on them:
/// <code>
/// podSelector: {matchLabels: {pod-template-hash: 7d4f9c}}   # selects nothing: the default filter drops the label
/// </code>
/// Each prefix is <c>[source:][!]regexp</c>, matched at the start of the key; <c>!</c> ignores. A label is kept when no
/// ignore matches, or when an include matches a longer part of the key than the shortest matching ignore; once the
/// operator adds an include (agent option <c>labels</c>), only included labels are kept.
/// </summary>
public sealed class LabelFilter
{
    /// <summary>The default prefixes (<c>defaultLabelPrefixCfg</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultPrefixes =
    [
        "reserved:.*",
        Regex.Escape(LabelSources.PodNamespaceKey),
        Regex.Escape("io.cilium.k8s.namespace.labels"),
        Regex.Escape("app.kubernetes.io"),
        @"!io\.kubernetes",
        @"!kubernetes\.io",
        @"!.*beta\.kubernetes\.io",
        @"!k8s\.io",
        "!pod-template-generation",
        "!pod-template-hash",
        "!controller-revision-hash",
        "!annotation.*",
        "!etcd_node",
    ];

    /// <summary>The agent's default filter.</summary>
    public static readonly LabelFilter Default = new(Parse(DefaultPrefixes), whitelist: false, "default");

    /// <summary>Keeps every label (Kubernetes' own semantics, and the conformance suite's).</summary>
    public static readonly LabelFilter None = new([], whitelist: false, "none");

    private readonly Prefix[] _prefixes;
    private readonly bool _whitelist;
    private readonly string _description;

    private LabelFilter(Prefix[] prefixes, bool whitelist, string description)
    {
        _prefixes = prefixes;
        _whitelist = whitelist;
        _description = description;
    }

    /// <summary>
    /// The default filter plus the operator's prefixes, as the agent's <c>labels</c> option gives them (space or
    /// comma separated); false with a message naming the bad prefix.
    /// </summary>
    public static bool TryCreate(IEnumerable<string> userPrefixes, out LabelFilter filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(userPrefixes);
        filter = Default;
        error = null;
        var extra = userPrefixes.SelectMany(p => p.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (extra.Count == 0)
        {
            return true;
        }

        var prefixes = new List<Prefix>(Default._prefixes);
        foreach (var text in extra)
        {
            if (!TryParse(text, RegexOptions.NonBacktracking, out var prefix))
            {
                error = $"invalid label prefix '{text}' (expected [source:][!]regexp, e.g. k8s:app or !pod-template-hash)";
                return false;
            }

            prefixes.Add(prefix);
        }

        filter = new LabelFilter([.. prefixes], extra.Any(p => !IsIgnore(p)), "default + " + string.Join(' ', extra));
        return true;
    }

    /// <summary>Whether <paramref name="label"/> is part of the identity.</summary>
    public bool Keeps(Label label)
    {
        int included = 0, ignored = 0;
        foreach (var prefix in _prefixes)
        {
            if (prefix.Matches(label, out var length))
            {
                if (prefix.Ignore)
                {
                    ignored = ignored == 0 || length < ignored ? length : ignored;
                }
                else
                {
                    included = Math.Max(included, length);
                }
            }
        }

        return (!_whitelist && ignored == 0) || included > ignored;
    }

    /// <summary>The identity labels of a label set (the same instance when nothing is dropped).</summary>
    public LabelSet Apply(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_prefixes.Length == 0)
        {
            return labels;
        }

        foreach (var label in labels)
        {
            if (!Keeps(label))
            {
                return LabelSet.From(labels.Where(Keeps));
            }
        }

        return labels;
    }

    public override string ToString() => _description;

    private static bool IsIgnore(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? text[(colon + 1)..] : text).StartsWith('!');
    }

    // The built-in prefixes are literals and .* only, so the backtracking interpreter runs them in linear time and
    // costs almost nothing to build; the non-backtracking engine's construction was a sixth of a one-shot audit's start.
    private static Prefix[] Parse(IEnumerable<string> texts) =>
        [.. texts.Select(t => TryParse(t, RegexOptions.None, out var p) ? p : throw new InvalidOperationException($"bad built-in label prefix {t}"))];

    private static bool TryParse(string text, RegexOptions engine, out Prefix prefix)
    {
        prefix = default!;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var source = colon >= 0 ? text[..colon] : string.Empty;
        var pattern = colon >= 0 ? text[(colon + 1)..] : text;
        var ignore = pattern.StartsWith('!');
        pattern = ignore ? pattern[1..] : pattern;
        if (pattern.Length == 0)
        {
            return false;
        }

        try
        {
            prefix = new Prefix(source, ignore, new Regex(pattern, RegexOptions.CultureInvariant | engine));
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    // Go's FindStringIndex finds the leftmost match; it counts only when that match starts the key. An operator's
    // pattern runs non-backtracking (linear time, like Go's RE2), so it cannot stall evaluation and needs no timeout.
    private sealed record Prefix(string Source, bool Ignore, Regex Expression)
    {
        public bool Matches(Label label, out int length)
        {
            length = 0;
            if (Source.Length > 0 && !string.Equals(Source, label.Source, StringComparison.Ordinal))
            {
                return false;
            }

            var match = Expression.Match(label.Key);
            if (!match.Success || match.Index != 0)
            {
                return false;
            }

            length = match.Length;
            return true;
        }
    }
}
