using FlowAuditor.Core.Cluster;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Linting;

/// <summary>The loaded model lint rules read, with the lookups several rules share, computed once.</summary>
public sealed class LintContext
{
    private readonly Dictionary<Policy, IReadOnlyList<Endpoint>> _selected = [];

    public LintContext(ClusterModel cluster, PolicySet policies, LintOptions? options = null, EvaluationOptions? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(policies);
        Cluster = cluster;
        Options = options ?? LintOptions.Default;
        Evaluator = new PolicyEvaluator(policies, evaluation);
        Policies = [.. policies.Policies.Where(p => p.Source is not null)];
        Evaluated = [.. Policies.Where(p => p.NotEvaluatedReason is null)];
        DnsServers = FindDnsServers();
    }

    public ClusterModel Cluster { get; }

    public LintOptions Options { get; }

    public PolicyEvaluator Evaluator { get; }

    /// <summary>Every policy loaded from manifests.</summary>
    public IReadOnlyList<Policy> Policies { get; }

    /// <summary>The policies the engine evaluates (host policies are not).</summary>
    public IReadOnlyList<Policy> Evaluated { get; }

    /// <summary>The cluster DNS pods the manifests define, or one built from <see cref="LintOptions"/> when they define none.</summary>
    public IReadOnlyList<Endpoint> DnsServers { get; }

    /// <summary>Pods (from Pod or workload manifests) a policy applies to; hostNetwork pods included.</summary>
    public IReadOnlyList<Endpoint> SelectedPods(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!_selected.TryGetValue(policy, out var pods))
        {
            pods = [.. Cluster.Pods.Where(p => policy.Subject.Matches(p.Labels))];
            _selected[policy] = pods;
        }

        return pods;
    }

    /// <summary>Whether the manifests define pods in the namespace (any namespace for null), so "matches no pod" means something.</summary>
    public bool PodsKnownIn(string? ns) => Cluster.Pods.Any(p => ns is null || p.Namespace == ns);

    /// <summary>Allow and deny rules of both directions.</summary>
    public static IEnumerable<PolicyRule> AllRules(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Ingress.Concat(policy.Egress).Concat(policy.IngressDeny).Concat(policy.EgressDeny);
    }

    /// <summary>Where the rule's <paramref name="index"/>th peer is written (the rule when not known).</summary>
    public static Diagnostics.SourceLocation? PeerAt(PolicyRule rule, int index)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return index < rule.PeerSources.Count ? rule.PeerSources[index].Location : rule.Source;
    }

    private List<Endpoint> FindDnsServers()
    {
        bool IsDns(Endpoint pod) => pod.Namespace == Options.DnsNamespace
            && Options.DnsLabels.All(kv => pod.Labels.TryGetValue(Labels.LabelSources.K8s, kv.Key, out var value) && value == kv.Value);
        var known = Cluster.Pods.Where(IsDns).ToList();
        if (known.Count > 0)
        {
            return known;
        }

        var namespaceLabels = Cluster.Namespaces.GetValueOrDefault(Options.DnsNamespace)
            ?? new Dictionary<string, string>(StringComparer.Ordinal) { [Labels.LabelSources.NamespaceNameLabel] = Options.DnsNamespace };
        var pod = Endpoint.Pod(Options.DnsNamespace, "cluster-dns", Options.DnsLabels, namespaceLabels);
        return [pod.WithNamedPorts([new NamedPort("dns", Protocol.UDP, 53), new NamedPort("dns-tcp", Protocol.TCP, 53)])];
    }
}
