using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Selectors;

namespace FlowAuditor.Core.Evaluation.Compiled;

/// <summary>
/// Groups selectors by the single namespace they require (most namespaced policies' selectors do), so a new
/// identity is tested only against selectors of its own namespace plus the unscoped ones.
/// </summary>
internal sealed class NamespaceIndex<T>
{
    private readonly Dictionary<string, T[]> _byNamespace;
    private readonly T[] _unscoped;

    public NamespaceIndex(IEnumerable<(LabelSelector Selector, T Item)> entries)
    {
        var scoped = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        var unscoped = new List<T>();
        foreach (var (selector, item) in entries)
        {
            if (RequiredNamespace(selector) is { } ns)
            {
                if (!scoped.TryGetValue(ns, out var list))
                {
                    scoped[ns] = list = [];
                }

                list.Add(item);
            }
            else
            {
                unscoped.Add(item);
            }
        }

        _byNamespace = scoped.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        _unscoped = [.. unscoped];
    }

    public IEnumerable<T> Candidates(LabelSet labels)
    {
        if (labels.TryGetValue(LabelSources.K8s, LabelSources.PodNamespaceKey, out var ns) && _byNamespace.TryGetValue(ns, out var scoped))
        {
            foreach (var item in scoped)
            {
                yield return item;
            }
        }

        foreach (var item in _unscoped)
        {
            yield return item;
        }
    }

    private static string? RequiredNamespace(LabelSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (requirement is { Operator: SelectorOperator.In, Values.Count: 1 }
                && requirement.Key == LabelSources.PodNamespaceKey
                && requirement.Source is LabelSources.Any or LabelSources.K8s)
            {
                return requirement.Values[0];
            }
        }

        return null;
    }
}
