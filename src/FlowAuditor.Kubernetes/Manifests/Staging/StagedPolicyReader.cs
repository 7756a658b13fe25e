using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Staging;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Staging;

/// <summary>
/// The <c>StagedPolicy</c> custom resource (deploy/kubernetes/crds/stagedpolicy.yaml):
/// <code>
/// apiVersion: flowauditor.io/v1alpha1
/// kind: StagedPolicy
/// metadata: {name: open-metrics, namespace: production}
/// spec:
///   action: set                    # or delete
///   policy:                        # the embedded manifest; its namespace defaults to the StagedPolicy's
///     apiVersion: networking.k8s.io/v1
///     kind: NetworkPolicy
///     metadata: {name: allow-prometheus-scrape}
///     spec: {...}                  # may be left out for delete
/// </code>
/// </summary>
internal static class StagedPolicyReader
{
    public const string Kind = "StagedPolicy";
    public const string ApiVersion = "flowauditor.io/v1alpha1";

    public static StagedChange? Read(ManifestObject manifest, List<Diagnostic> diagnostics)
    {
        var o = new ObjectContext(manifest, diagnostics);
        var name = o.RequireName();
        if (manifest.Root.Get("apiVersion").Text() is { } version && version != ApiVersion)
        {
            o.Error(manifest.Root.Get("apiVersion")!, "apiVersion", $"expected {ApiVersion}, got '{version}'");
        }

        o.WarnUnknownFields(manifest.Root, string.Empty, "apiVersion", "kind", "metadata", "spec", "status");
        var spec = o.Mapping(manifest.Root.Get("spec"), "spec");
        if (spec is null)
        {
            if (!o.HasErrors)
            {
                o.Error(manifest.Root, "spec", "is required");
            }

            return null;
        }

        o.WarnUnknownFields(spec, "spec", "action", "policy");
        StagedAction? action = o.String(spec.Get("action"), "spec.action") switch
        {
            "set" => StagedAction.Set,
            "delete" => StagedAction.Delete,
            null => null,
            var other => Invalid(o, spec.Get("action")!, $"must be 'set' or 'delete', not '{other}'"),
        };
        if (action is null && spec.Get("action") is null)
        {
            o.Error(spec, "spec.action", "is required (set or delete)");
        }

        var policy = o.Mapping(spec.Get("policy"), "spec.policy");
        if (policy is null && spec.Get("policy") is null)
        {
            o.Error(spec, "spec.policy", "is required (the NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy to stage)");
        }

        var kind = policy?.Get("kind").Text();
        if (policy is not null && (kind is null || !StagedManifestLoader.IsPolicyKind(kind)))
        {
            o.Error(policy.Get("kind") ?? policy, "spec.policy.kind", $"must be NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, not '{kind ?? "<none>"}'");
        }

        if (o.HasErrors || name is null || action is null || policy is null || kind is null)
        {
            o.Info(manifest.Root, null, "not staged because of the errors above");
            return null;
        }

        DefaultNamespace(policy, kind, manifest.Namespace);
        var embedded = new ManifestObject(kind, policy, manifest.File);
        var change = StagedManifestLoader.ReadPolicy(embedded, action.Value, diagnostics);
        return change is null ? null : change with { Source = $"StagedPolicy {manifest.Namespace}/{name}" };
    }

    private static StagedAction? Invalid(ObjectContext o, YamlNode at, string message)
    {
        o.Error(at, "spec.action", message);
        return null;
    }

    // A namespaced policy embedded without a namespace belongs to the StagedPolicy's namespace, as it would be
    // created by `kubectl apply -n`.
    private static void DefaultNamespace(YamlMappingNode policy, string kind, string ns)
    {
        if (kind != "CiliumClusterwideNetworkPolicy" && policy.Get("metadata") is YamlMappingNode metadata && metadata.Get("namespace") is null)
        {
            metadata.Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
        }
    }
}
