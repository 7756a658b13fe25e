using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Policies;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cilium;

/// <summary>
/// CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2). Each spec becomes one engine policy:
/// <code>
/// kind: CiliumNetworkPolicy
/// metadata: {name: api, namespace: prod}
/// spec:
///   endpointSelector: {matchLabels: {app: api}}   # CNP: within prod; CCNP: cluster-wide
///   ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
///   enableDefaultDeny: {egress: false}
/// specs: [...]                                    # more specs; numbered from 1 when there are several
/// </code>
/// A direction is isolated when the spec has rules for it (<c>ingress</c> or <c>ingressDeny</c> non-empty) unless
/// <c>enableDefaultDeny</c> says otherwise.
/// </summary>
internal sealed class CiliumPolicyTranslator : IManifestKindReader
{
    private const string HostPolicyReason = "host policy (nodeSelector) is not evaluated";

    private static readonly string[] SpecFields =
        ["endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress", "egressDeny", "labels", "description", "enableDefaultDeny", "log"];

    public IEnumerable<string> Kinds => ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"];

    public void Read(ManifestObject manifest, LoadContext context)
    {
        var clusterwide = manifest.Kind == "CiliumClusterwideNetworkPolicy";
        var o = context.For(manifest, namespaced: !clusterwide, gatherUnknownFields: true);
        var name = o.RequireName();
        string? ns = clusterwide ? null : manifest.Namespace;
        o.WarnUnknownFields(manifest.Root, string.Empty, "apiVersion", "kind", "metadata", "spec", "specs", "status");
        var specs = new List<(YamlMappingNode Node, string Field)>();
        if (o.Mapping(manifest.Root.Get("spec"), "spec") is { } single)
        {
            specs.Add((single, "spec"));
        }

        var many = o.Sequence(manifest.Root.Get("specs"), "specs");
        for (var i = 0; i < many.Count; i++)
        {
            if (o.Mapping(many[i], $"specs[{i}]") is { } spec)
            {
                specs.Add((spec, $"specs[{i}]"));
            }
        }

        if (specs.Count == 0 && !o.HasErrors)
        {
            o.Error(manifest.Root, "spec", "spec or specs is required");
        }

        var kind = clusterwide ? PolicyKind.CiliumClusterwideNetworkPolicy : PolicyKind.CiliumNetworkPolicy;
        var policies = new List<Policy>();
        for (var i = 0; i < specs.Count; i++)
        {
            var reference = new PolicyRef(kind, ns, name ?? string.Empty);
            if (Spec(o, specs[i].Node, specs[i].Field, reference, clusterwide, specs.Count > 1 ? i + 1 : null) is { } policy)
            {
                policies.Add(policy);
            }
        }

        o.ReportUnknownFields();
        if (name is null || o.HasErrors)
        {
            o.Info(manifest.Root, null, "not loaded because of the errors above (the API server or Cilium would reject it)");
            return;
        }

        context.Policies.AddRange(policies);
    }

    private static Policy? Spec(ObjectContext o, YamlMappingNode spec, string field, PolicyRef reference, bool clusterwide, int? specIndex)
    {
        o.WarnUnknownFields(spec, field, SpecFields);
        var ns = reference.Namespace;
        var endpointNode = spec.Get("endpointSelector");
        var nodeNode = spec.Get("nodeSelector");
        if ((endpointNode is null) == (nodeNode is null))
        {
            o.Error(spec, field, "exactly one of endpointSelector and nodeSelector is required");
            return null;
        }

        if (nodeNode is not null && !clusterwide)
        {
            o.Error(nodeNode, $"{field}.nodeSelector", "is only allowed in a CiliumClusterwideNetworkPolicy");
            return null;
        }

        var selectorField = $"{field}.{(nodeNode is null ? "endpointSelector" : "nodeSelector")}";
        var subject = SelectorReader.Read(o, endpointNode ?? nodeNode, selectorField, CiliumSelectors.Requirement, allowSourcePrefix: true);
        var ingress = Rules(o, spec, field, "ingress", TrafficDirection.Ingress, deny: false, ns);
        var ingressDeny = Rules(o, spec, field, "ingressDeny", TrafficDirection.Ingress, deny: true, ns);
        var egress = Rules(o, spec, field, "egress", TrafficDirection.Egress, deny: false, ns);
        var egressDeny = Rules(o, spec, field, "egressDeny", TrafficDirection.Egress, deny: true, ns);
        var defaults = o.Mapping(spec.Get("enableDefaultDeny"), $"{field}.enableDefaultDeny");
        if (defaults is not null)
        {
            o.WarnUnknownFields(defaults, $"{field}.enableDefaultDeny", "ingress", "egress");
        }

        if (subject is null)
        {
            return null;
        }

        var requirements = ns is null || nodeNode is not null ? subject : CiliumSelectors.Subject(o, endpointNode!, selectorField, subject, ns);
        return new Policy(reference, new LabelSelector(requirements))
        {
            SpecIndex = specIndex,
            IsolatesIngress = DefaultDeny(o, defaults, "ingress", $"{field}.enableDefaultDeny", HasItems(spec, "ingress", "ingressDeny")),
            IsolatesEgress = DefaultDeny(o, defaults, "egress", $"{field}.enableDefaultDeny", HasItems(spec, "egress", "egressDeny")),
            Ingress = ingress,
            IngressDeny = ingressDeny,
            Egress = egress,
            EgressDeny = egressDeny,
            NotEvaluatedReason = nodeNode is null ? null : HostPolicyReason,
            Source = new PolicySource(o.Locate(spec, field), o.Locate(endpointNode ?? nodeNode!, selectorField))
            {
                IngressRules = Section(o, spec, field, "ingress"),
                EgressRules = Section(o, spec, field, "egress"),
            },
        };
    }

    private static Core.Diagnostics.SourceLocation? Section(ObjectContext o, YamlMappingNode spec, string field, string key) =>
        spec.Get(key) is YamlSequenceNode { Children.Count: > 0 } rules ? o.Locate(rules, $"{field}.{key}") : null;

    /// <summary>
    /// Cilium's default posture: deny for a direction with rules (<c>ingress: [{}]</c> counts, <c>ingress: []</c> does
    /// not), unless <c>enableDefaultDeny: {ingress: false}</c>. <c>true</c> isolates only a direction that has rules:
    /// the default-deny flag travels on each rule's policy entry, so a direction without rules has no entry to carry
    /// it (<c>pkg/policy/repository.go</c> <c>computePolicyEnforcementAndRules</c>; main: one <c>PolicyEntry</c> per
    /// rule in <c>ParseCiliumRule</c>):
    /// <code>
    /// spec:
    ///   endpointSelector: {}
    ///   enableDefaultDeny: {egress: true}   # no egress rules: egress is not isolated
    ///   ingress: [{fromEntities: [cluster]}]
    /// </code>
    /// </summary>
    private static bool DefaultDeny(ObjectContext o, YamlMappingNode? defaults, string direction, string field, bool hasRules)
    {
        var node = defaults?.Get(direction);
        return o.String(node, $"{field}.{direction}") switch
        {
            null => hasRules,
            "true" or "True" => hasRules,
            "false" or "False" => false,
            var other => Invalid(o, node!, $"{field}.{direction}", other, hasRules),
        };
    }

    private static bool Invalid(ObjectContext o, YamlNode node, string field, string value, bool fallback)
    {
        o.Error(node, field, $"expected true or false, got '{value}'");
        return fallback;
    }

    // Counted on the written lists: rules that select nobody are dropped but still make the direction default-deny.
    private static bool HasItems(YamlMappingNode spec, params string[] keys) =>
        keys.Any(k => spec.Get(k) is YamlSequenceNode { Children.Count: > 0 });

    private static List<PolicyRule> Rules(ObjectContext o, YamlMappingNode spec, string field, string key, TrafficDirection direction, bool deny, string? ns)
    {
        var items = o.Sequence(spec.Get(key), $"{field}.{key}");
        var rules = new List<PolicyRule>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (CiliumRuleReader.Read(o, items[i], $"{field}.{key}[{i}]", direction, i + 1, deny, ns) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }
}
