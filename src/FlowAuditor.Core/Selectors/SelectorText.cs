using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Selectors;

/// <summary>
/// An engine selector in the words a user writes policies in, not as Cilium identity labels:
/// <c>k8s:app=backend,k8s:io.kubernetes.pod.namespace=production</c> reads <c>app=backend in namespace production</c>;
/// namespace labels read <c>in namespaces team=shop</c>; a selector of every Cilium-managed pod in one namespace
/// reads <c>every pod in namespace production</c>. Nothing is shortened.
/// </summary>
public static class SelectorText
{
    public static string Of(LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var pod = new List<string>();
        var namespaceLabels = new List<string>();
        string? namespaceName = null;
        var anyNamespace = false;
        foreach (var requirement in selector.Requirements)
        {
            var bare = Bare(requirement);
            if (requirement.Key == LabelSources.PodNamespaceKey && requirement.Source is LabelSources.K8s or LabelSources.Any)
            {
                if (requirement.Operator == SelectorOperator.In && requirement.Values.Count == 1)
                {
                    namespaceName = requirement.Values[0];
                }
                else if (requirement.Operator == SelectorOperator.Exists)
                {
                    anyNamespace = true;
                }
                else
                {
                    namespaceLabels.Add(bare.Replace(LabelSources.PodNamespaceKey, "name", StringComparison.Ordinal));
                }
            }
            else if (requirement.Key.StartsWith(LabelSources.NamespaceLabelPrefix, StringComparison.Ordinal))
            {
                var text = bare[LabelSources.NamespaceLabelPrefix.Length..];
                if (requirement.Key == LabelSources.NamespaceLabelPrefix + LabelSources.NamespaceNameLabel
                    && requirement.Operator == SelectorOperator.In && requirement.Values.Count == 1 && namespaceName is null)
                {
                    namespaceName = requirement.Values[0];
                }
                else
                {
                    namespaceLabels.Add(text);
                }
            }
            else
            {
                pod.Add(requirement.Source == LabelSources.Reserved ? $"entity {requirement.Key}" : bare);
            }
        }

        var who = pod.Count == 0 ? "every pod" : string.Join(',', pod);
        if (namespaceName is not null)
        {
            namespaceLabels.RemoveAll(l => l == $"{LabelSources.NamespaceNameLabel}={namespaceName}");
            return namespaceLabels.Count == 0
                ? $"{who} in namespace {namespaceName}"
                : $"{who} in namespace {namespaceName} with {string.Join(',', namespaceLabels)}";
        }

        if (namespaceLabels.Count > 0)
        {
            return $"{who} in namespaces {string.Join(',', namespaceLabels)}";
        }

        return anyNamespace ? $"{who} in any namespace" : who;
    }

    // The requirement as written in a selector: without the k8s:/any: source Kubernetes users never write.
    private static string Bare(SelectorRequirement requirement) =>
        requirement.Source is LabelSources.K8s or LabelSources.Any
            ? new SelectorRequirement(LabelSources.Any, requirement.Key, requirement.Operator, requirement.Values).ToString()
            : requirement.ToString();
}
