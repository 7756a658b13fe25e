using System.Globalization;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// A Kubernetes label-selector string, as `hubble observe --label` sends it and the agent parses it
/// (pkg/hubble/filters/labels.go, k8s labels.Parse): comma-separated requirements, all of which must hold.
/// <code>
/// k8s:app=frontend                  # = and == : the label has this value
/// k8s:app!=frontend                 # the label is absent or has another value
/// k8s:tier in (web, api)            # in / notin a set
/// reserved:world  /  !k8s:canary    # the label exists / does not
/// k8s:replicas>2                    # &gt; and &lt; compare integers
/// </code>
/// Keys carry Cilium's source prefix (<c>k8s:</c>, <c>reserved:</c>, ...); a key without one matches any source.
/// The empty selector matches every endpoint.
/// </summary>
internal static class LabelSelectorText
{
    public static Func<LabelSet, bool>? Parse(string text, out string? error)
    {
        var requirements = new List<Func<LabelSet, bool>>();
        foreach (var part in SplitRequirements(text))
        {
            var requirement = ParseRequirement(part.Trim(), out error);
            if (requirement is null)
            {
                error = $"invalid label selector '{text}': {error}";
                return null;
            }

            requirements.Add(requirement);
        }

        error = null;
        return labels => requirements.TrueForAll(r => r(labels));
    }

    private static Func<LabelSet, bool>? ParseRequirement(string text, out string? error)
    {
        error = null;
        if (text.StartsWith('!'))
        {
            return Key(text[1..].Trim(), out error) is { } absent ? Set(absent, SelectorOperator.DoesNotExist, []) : null;
        }

        foreach (var (word, op) in new[] { (" notin ", SelectorOperator.NotIn), (" in ", SelectorOperator.In) })
        {
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
            {
                var values = text[(at + word.Length)..].Trim();
                if (!values.StartsWith('(') || !values.EndsWith(')'))
                {
                    error = $"'{text}': expected ({word.Trim()} values in parentheses)";
                    return null;
                }

                var list = values[1..^1].Split(',').Select(v => v.Trim()).ToList();
                return Key(text[..at].Trim(), out error) is { } key && Values(list, out error) ? Set(key, op, list) : null;
            }
        }

        foreach (var (symbol, op) in new[] { ("!=", SelectorOperator.NotIn), ("==", SelectorOperator.In), ("=", SelectorOperator.In) })
        {
            var at = text.IndexOf(symbol, StringComparison.Ordinal);
            if (at >= 0)
            {
                var value = text[(at + symbol.Length)..].Trim();
                return Key(text[..at].Trim(), out error) is { } key && Values([value], out error) ? Set(key, op, [value]) : null;
            }
        }

        foreach (var symbol in new[] { '>', '<' })
        {
            var at = text.IndexOf(symbol, StringComparison.Ordinal);
            if (at >= 0)
            {
                if (!long.TryParse(text[(at + 1)..].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    error = $"'{text}': {symbol} needs an integer";
                    return null;
                }

                return Key(text[..at].Trim(), out error) is { } key ? Compare(key, symbol == '>' ? v => v > bound : v => v < bound) : null;
            }
        }

        return Key(text, out error) is { } present ? Set(present, SelectorOperator.Exists, []) : null;
    }

    private static Func<LabelSet, bool> Set(string key, SelectorOperator op, IEnumerable<string> values)
    {
        var requirement = SelectorRequirement.For(key, op, values);
        return requirement.Matches;
    }

    private static Func<LabelSet, bool> Compare(string key, Func<long, bool> holds)
    {
        var (source, bare) = LabelKey.Split(key);
        return labels => labels.TryGetValue(source, bare, out var value)
            && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && holds(number);
    }

    private static string? Key(string key, out string? error)
    {
        error = key.Length == 0 ? "a requirement has no key"
            : key.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '(' or ')' or '<' or '>' or ',') ? $"invalid key '{key}'"
            : null;
        return error is null ? key : null;
    }

    private static bool Values(IEnumerable<string> values, out string? error)
    {
        error = values.FirstOrDefault(v => v.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '(' or ')' or '<' or '>' or ',')) is { } bad
            ? $"invalid value '{bad}'"
            : null;
        return error is null;
    }

    // Commas inside "in (a, b)" belong to the value list.
    private static IEnumerable<string> SplitRequirements(string text)
    {
        if (text.Trim().Length == 0)
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
