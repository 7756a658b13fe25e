using FlowAuditor.Core.Endpoints;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// A workload stands for one pod built from its template, named after the workload:
/// <code>
/// kind: Deployment
/// metadata: {name: web, namespace: prod}
/// spec:
///   template:
///     metadata: {labels: {app: web}}     # -> pod prod/web, workload prod/web[Deployment], labels app=web
///     spec: {containers: [{ports: [{name: http, containerPort: 8080}]}]}
/// </code>
/// CronJob's template is one level deeper, at <c>spec.jobTemplate.spec.template</c>.
/// </summary>
internal sealed class WorkloadReader : IManifestKindReader
{
    private static readonly string[] TemplatePath = ["spec", "template"];
    private static readonly string[] CronJobTemplatePath = ["spec", "jobTemplate", "spec", "template"];

    public IEnumerable<string> Kinds => ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"];

    public void Read(ManifestObject manifest, LoadContext context)
    {
        var o = context.For(manifest);
        var name = o.RequireName();
        var ns = manifest.Namespace;
        var path = manifest.Kind == "CronJob" ? CronJobTemplatePath : TemplatePath;
        var template = Template(o, manifest.Root, path);
        var field = string.Join('.', path);
        var metadata = o.Mapping(template?.Get("metadata"), $"{field}.metadata");
        var labels = o.StringMap(metadata?.Get("labels"), $"{field}.metadata.labels");
        var spec = o.Mapping(template?.Get("spec"), $"{field}.spec");
        var serviceAccount = PodSpecReader.ServiceAccount(o, spec, $"{field}.spec");
        var namedPorts = PodSpecReader.NamedPorts(o, spec, $"{field}.spec");
        if (name is null || o.HasErrors)
        {
            return;
        }

        if (template is null)
        {
            o.Warning(manifest.Root, field, "no pod template; the workload's pod has no labels");
        }

        var pod = new PodDraft(ns, name, labels, serviceAccount, new WorkloadRef(ns, name, manifest.Kind), namedPorts, Address: null)
        {
            HostNetwork = PodSpecReader.HostNetwork(o, spec, $"{field}.spec"),
            Source = o.Locate(manifest.Root, null),
        };
        if (!context.Cluster.AddPod(manifest.Display(), pod))
        {
            o.Warning(manifest.Root, null, "defined more than once; the later definition is used");
        }
    }

    private static YamlMappingNode? Template(ObjectContext o, YamlMappingNode root, string[] path)
    {
        YamlMappingNode? current = root;
        for (var i = 0; i < path.Length && current is not null; i++)
        {
            current = o.Mapping(current.Get(path[i]), string.Join('.', path[..(i + 1)]));
        }

        return current;
    }
}
