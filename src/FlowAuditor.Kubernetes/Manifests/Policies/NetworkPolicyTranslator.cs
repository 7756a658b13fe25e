using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// Translates a Kubernetes NetworkPolicy into an engine <see cref="Policy"/>, the way Cilium does:
/// <code>
/// kind: NetworkPolicy
/// metadata: {name: allow-web, namespace: prod}
/// spec:
///   podSelector: {matchLabels: {app: web}}   # subject: app=web in namespace prod
///   ingress:
///   - from: [{podSelector: {}}]              # rule #1: any pod of prod ...
///     ports: [{port: 80}]                    # ... on TCP 80
/// </code>
/// An invalid policy is not loaded (the API server would reject it); every problem found is reported.
/// </summary>
internal sealed class NetworkPolicyTranslator : IManifestKindReader
{
    public IEnumerable<string> Kinds => ["NetworkPolicy"];

    public void Read(ManifestObject manifest, LoadContext context)
    {
        var o = context.For(manifest);
        var name = o.RequireName();
        var ns = manifest.Namespace;
        var spec = o.Mapping(manifest.Root.Get("spec"), "spec");
        if (spec is null)
        {
            if (!o.HasErrors)
            {
                o.Error(manifest.Root, "spec", "is required");
            }

            return;
        }

        o.WarnUnknownFields(manifest.Root, string.Empty, "apiVersion", "kind", "metadata", "spec", "status");
        o.WarnUnknownFields(spec, "spec", "podSelector", "policyTypes", "ingress", "egress");
        var subject = SelectorReader.Read(o, spec.Get("podSelector"), "spec.podSelector", NetworkPolicyPeerReader.PodRequirement);
        var (isolatesIngress, isolatesEgress) = PolicyTypes(o, spec);
        var ingress = Rules(o, spec, TrafficDirection.Ingress, ns, isolatesIngress);
        var egress = Rules(o, spec, TrafficDirection.Egress, ns, isolatesEgress);
        if (name is null || subject is null || o.HasErrors)
        {
            o.Info(manifest.Root, null, "not loaded because of the errors above (the API server would reject it)");
            return;
        }

        var written = TypesWritten(o, spec);
        context.Policies.Add(new Policy(
            new PolicyRef(PolicyKind.NetworkPolicy, ns, name),
            new LabelSelector([.. subject, NetworkPolicyPeerReader.InNamespace(ns)]))
        {
            IsolatesIngress = isolatesIngress,
            IsolatesEgress = isolatesEgress,
            Ingress = ingress,
            Egress = egress,
            Source = new PolicySource(o.Locate(spec, "spec"), o.Locate(spec.Get("podSelector") ?? spec, "spec.podSelector"))
            {
                PolicyTypes = written,
                IngressRules = Section(o, spec, "ingress"),
                EgressRules = Section(o, spec, "egress"),
            },
        });
    }

    private static IReadOnlyList<TrafficDirection>? TypesWritten(ObjectContext o, YamlMappingNode spec) =>
        spec.Get("policyTypes") is YamlSequenceNode types
            ? [.. types.Children.Select(t => t.Text() == "Egress" ? TrafficDirection.Egress : TrafficDirection.Ingress).Distinct()]
            : null;

    private static SourceLocation? Section(ObjectContext o, YamlMappingNode spec, string key) =>
        spec.Get(key) is YamlSequenceNode { Children.Count: > 0 } rules ? o.Locate(rules, $"spec.{key}") : null;

    /// <summary>
    /// Which directions the policy isolates. Without <c>policyTypes</c> the API server defaults to Ingress, plus Egress
    /// when there are egress rules:
    /// <code>
    /// spec: {podSelector: {}, egress: [{to: [...]}]}   # no policyTypes: isolates ingress and egress
    /// spec: {podSelector: {}, policyTypes: [Egress]}   # isolates egress only
    /// </code>
    /// </summary>
    private static (bool Ingress, bool Egress) PolicyTypes(ObjectContext o, YamlMappingNode spec)
    {
        var typesNode = spec.Get("policyTypes");
        if (typesNode is null)
        {
            // Defaulting counts rules, so "egress: []" does not isolate egress.
            return (true, o.Sequence(spec.Get("egress"), "spec.egress").Count > 0);
        }

        var types = o.Sequence(typesNode, "spec.policyTypes");
        var ingress = false;
        var egress = false;
        for (var i = 0; i < types.Count; i++)
        {
            switch (o.String(types[i], $"spec.policyTypes[{i}]"))
            {
                case "Ingress": ingress = true; break;
                case "Egress": egress = true; break;
                case var other:
                    o.Error(types[i], $"spec.policyTypes[{i}]", $"unsupported value '{other}' (supported: Ingress, Egress)");
                    break;
            }
        }

        return (ingress, egress);
    }

    /// <summary>
    /// The rules of one direction, numbered from 1. Rules of a direction that <c>policyTypes</c> leaves out have no
    /// effect (Kubernetes ignores them), so they are dropped with a note:
    /// <code>
    /// policyTypes: [Ingress]
    /// egress: [{to: [{podSelector: {}}]}]   # ignored
    /// </code>
    /// </summary>
    private static IReadOnlyList<PolicyRule> Rules(ObjectContext o, YamlMappingNode spec, TrafficDirection direction, string ns, bool isolates)
    {
        var section = direction == TrafficDirection.Ingress ? "ingress" : "egress";
        var peersKey = direction == TrafficDirection.Ingress ? "from" : "to";
        var items = o.Sequence(spec.Get(section), $"spec.{section}");
        var rules = new List<PolicyRule>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var field = $"spec.{section}[{i}]";
            if (o.Mapping(items[i], field) is not { } item)
            {
                continue;
            }

            o.WarnUnknownFields(item, field, peersKey, "ports");
            var peers = Collect(o, item.Get(peersKey), $"{field}.{peersKey}", (node, f) => NetworkPolicyPeerReader.Read(o, node, f, ns));
            var ports = Collect(o, item.Get("ports"), $"{field}.ports", (node, f) => NetworkPolicyPortReader.Read(o, node, f));
            rules.Add(new PolicyRule(direction, i + 1, peers, ports)
            {
                Source = o.Locate(item, field),
                PeerSources = [.. o.Sequence(item.Get(peersKey), $"{field}.{peersKey}").Select((node, p) => NetworkPolicyPeerReader.Describe(o, node, $"{field}.{peersKey}[{p}]"))],
            });
        }

        if (!isolates && items.Count > 0)
        {
            o.Info(spec.Get(section)!, $"spec.{section}", $"policyTypes does not include {direction}; these rules are ignored");
            return [];
        }

        return rules;
    }

    private static List<T> Collect<T>(ObjectContext o, YamlNode? node, string field, Func<YamlNode, string, T?> read)
        where T : class
    {
        var items = o.Sequence(node, field);
        var result = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (read(items[i], $"{field}[{i}]") is { } value)
            {
                result.Add(value);
            }
        }

        return result;
    }
}
