using k8s.Models;

namespace FlowAuditor.Tests.Deploy;

/// <summary>
/// deploy/kubernetes as a platform team installs it: every manifest loads with KubernetesClient's typed models, each
/// overlay is one mode, the pods are hardened with probes and resources, RBAC only reads, and FlowAuditor's own
/// traffic is covered by a NetworkPolicy and a CiliumNetworkPolicy.
/// </summary>
public sealed class PackagingTests
{
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    private static readonly string[] OverlayNames = ["node", "relay"];

    public static TheoryData<string> Overlays => new(OverlayNames);

    private static Kustomization Overlay(string name) => Kustomization.Load(Path.Combine(DeployFiles.Kubernetes, "overlays", name));

    [Fact]
    public void Every_manifest_under_deploy_loads_with_the_typed_models_and_none_sits_where_kubectl_apply_f_would_start_both_modes()
    {
        var files = DeployManifests.Files().ToList();
        Assert.True(files.Count >= 10, $"only {files.Count} manifests under deploy/kubernetes");
        foreach (var file in files)
        {
            Assert.NotEmpty(DeployManifests.Load(file));
        }

        Assert.Empty(Directory.EnumerateFiles(DeployFiles.Kubernetes, "*.yaml", SearchOption.TopDirectoryOnly));

        // Every manifest is used by some overlay (no stray file that would drift).
        var used = OverlayNames.SelectMany(o => Overlay(o).Manifests).Append(Path.Combine(DeployFiles.Kubernetes, "components", "cert-manager", "certificate.yaml")).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(files, f => !used.Contains(Path.GetFullPath(f)));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Each_overlay_is_exactly_one_mode_with_a_pinned_image_and_the_monitoring_component(string name)
    {
        var overlay = Overlay(name);
        var objects = overlay.Objects.ToList();
        var daemonSets = objects.OfType<V1DaemonSet>().ToList();
        var statefulSets = objects.OfType<V1StatefulSet>().ToList();
        Assert.Empty(objects.OfType<V1Deployment>());
        Assert.Equal(name == "node" ? (1, 0) : (0, 1), (daemonSets.Count, statefulSets.Count));
        Assert.Equal("kube-system", overlay.Namespace);

        var image = Assert.Single(overlay.Images, i => YamlFile.Text(i, "name") == "flowauditor");
        var newName = YamlFile.Text(image, "newName");
        Assert.True(newName.Split('/')[0].Contains('.', StringComparison.Ordinal), $"image '{newName}' names no registry");
        Assert.True(YamlFile.Text(image, "newTag") is { Length: > 0 } tag && tag != "latest" || YamlFile.Text(image, "digest").StartsWith("sha256:", StringComparison.Ordinal), "the image is not pinned");
        Assert.All(PodSpecs(objects).SelectMany(p => p.Containers), c => Assert.Equal("flowauditor", c.Image));

        // The monitoring component: Service, ServiceMonitor, PrometheusRule and the dashboard for the Grafana sidecar.
        var service = Assert.Single(objects.OfType<V1Service>());
        Assert.Equal("metrics", Assert.Single(service.Spec.Ports).TargetPort.Value);
        Assert.True(service.Spec.PublishNotReadyAddresses, "a pod whose stream is down must still be scraped");
        Assert.Equal(["PrometheusRule", "ServiceMonitor"], objects.OfType<CustomResource>().Select(c => c.Kind).Where(k => k.StartsWith('P') || k.StartsWith('S')).Order());
        Assert.Contains(objects.OfType<V1ConfigMap>(), c => Label(c.Metadata.Labels, "grafana_dashboard") == "1");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Pods_are_hardened_with_probes_and_resources(string name)
    {
        var objects = Overlay(name).Objects.ToList();
        foreach (var pod in PodSpecs(objects))
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot, "runAsNonRoot");
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.Null(pod.HostNetwork);
            foreach (var container in pod.Containers)
            {
                var security = container.SecurityContext;
                Assert.False(security.AllowPrivilegeEscalation, "allowPrivilegeEscalation");
                Assert.Equal(["ALL"], security.Capabilities.Drop);
                Assert.Null(security.Capabilities.Add);
                Assert.True(security.ReadOnlyRootFilesystem, "readOnlyRootFilesystem");
                Assert.Null(security.Privileged);

                Assert.Equal("/healthz", container.StartupProbe.HttpGet.Path);
                Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
                Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
                Assert.All(new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe }, p => Assert.Equal("metrics", p.HttpGet.Port.Value));
                Assert.Equal(9464, Assert.Single(container.Ports, p => p.Name == "metrics").ContainerPort);

                Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), "cpu and memory requests");
                Assert.True(container.Resources.Limits.ContainsKey("memory"), "a memory limit");

                // A read-only root needs writable mounts for state and .NET's temporary files.
                var mounts = container.VolumeMounts.Where(m => m.ReadOnlyProperty != true).Select(m => m.MountPath).ToList();
                Assert.Contains("/var/lib/flowauditor", mounts);
                Assert.Contains("/tmp", mounts);
                Assert.Equal("flowauditor-settings", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
            }
        }
    }

    [Fact]
    public void Node_mode_reads_the_hubble_socket_read_only_with_a_priority_class()
    {
        var objects = Overlay("node").Objects.ToList();
        var daemonSet = Assert.Single(objects.OfType<V1DaemonSet>());
        var pod = daemonSet.Spec.Template.Spec;
        var priority = Assert.Single(objects.OfType<V1PriorityClass>());
        Assert.Equal(priority.Metadata.Name, pod.PriorityClassName);
        Assert.Equal("/var/run/cilium", Assert.Single(pod.Volumes, v => v.HostPath is not null).HostPath.Path);
        Assert.True(Assert.Single(pod.Containers[0].VolumeMounts, m => m.MountPath == "/var/run/cilium").ReadOnlyProperty);
        Assert.Contains("--hubble-address=unix:///var/run/cilium/hubble.sock", pod.Containers[0].Args);

        // The socket is root-owned, group root or cilium, mode 0660: a supplemental group instead of root.
        Assert.NotNull(pod.SecurityContext.SupplementalGroups);
        Assert.Equal("spec.nodeName", Assert.Single(pod.Containers[0].Env, e => e.Name == "NODE_NAME").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void Relay_mode_is_one_StatefulSet_with_a_state_PVC_an_mTLS_secret_and_a_PDB()
    {
        var objects = Overlay("relay").Objects.ToList();
        var statefulSet = Assert.Single(objects.OfType<V1StatefulSet>());
        Assert.Equal(1, statefulSet.Spec.Replicas);
        Assert.Equal(Assert.Single(objects.OfType<V1Service>()).Metadata.Name, statefulSet.Spec.ServiceName);
        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        var container = Assert.Single(statefulSet.Spec.Template.Spec.Containers);
        Assert.Equal("/var/lib/flowauditor", Assert.Single(container.VolumeMounts, m => m.Name == claim.Metadata.Name).MountPath);

        var tls = Assert.Single(statefulSet.Spec.Template.Spec.Volumes, v => v.Secret is not null);
        Assert.Equal("flowauditor-hubble-client", tls.Secret.SecretName);
        var tlsMount = Assert.Single(container.VolumeMounts, m => m.Name == tls.Name);
        foreach (var file in new[] { "--tls-ca-cert-files", "--tls-client-cert-file", "--tls-client-key-file" })
        {
            Assert.Contains(container.Args, a => a.StartsWith($"{file}={tlsMount.MountPath}/", StringComparison.Ordinal));
        }

        Assert.Contains(container.Args, a => a.StartsWith("--hubble-address=tls://", StringComparison.Ordinal));

        // The cert-manager component issues exactly that Secret.
        var certificate = Assert.Single(DeployManifests.Load(Path.Combine(DeployFiles.Kubernetes, "components", "cert-manager", "certificate.yaml")).OfType<CustomResource>(), c => c.Kind == "Certificate");
        Assert.Contains("secretName: flowauditor-hubble-client", k8s.KubernetesYaml.Serialize(certificate), StringComparison.Ordinal);

        var budget = Assert.Single(objects.OfType<V1PodDisruptionBudget>());
        Assert.Equal(statefulSet.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RBAC_only_reads_the_policy_kinds_namespaces_pods_staged_policies_and_the_cilium_config(string name)
    {
        var objects = Overlay(name).Objects.ToList();
        var clusterRole = Assert.Single(objects.OfType<V1ClusterRole>());
        var role = Assert.Single(objects.OfType<V1Role>());
        foreach (var rule in clusterRole.Rules.Concat(role.Rules))
        {
            Assert.Empty(rule.Verbs.Except(ReadVerbs));
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("secrets", rule.Resources);
        }

        // The cluster-wide role lists and watches; the one get is for a named ConfigMap in Cilium's namespace.
        Assert.All(clusterRole.Rules, r => Assert.Equal(["list", "watch"], r.Verbs));
        Assert.Equal(
            ["ciliumclusterwidenetworkpolicies", "ciliumnetworkpolicies", "namespaces", "networkpolicies", "pods", "stagedpolicies"],
            clusterRole.Rules.SelectMany(r => r.Resources).Order(StringComparer.Ordinal));
        var get = Assert.Single(role.Rules);
        Assert.Equal(["get"], get.Verbs);
        Assert.Equal(["configmaps"], get.Resources);
        Assert.Equal(["cilium-config"], get.ResourceNames);

        var account = Assert.Single(objects.OfType<V1ServiceAccount>()).Metadata.Name;
        Assert.All(PodSpecs(objects), p => Assert.Equal(account, p.ServiceAccountName));
        Assert.Equal(clusterRole.Metadata.Name, Assert.Single(objects.OfType<V1ClusterRoleBinding>()).RoleRef.Name);
        Assert.Equal(role.Metadata.Name, Assert.Single(objects.OfType<V1RoleBinding>()).RoleRef.Name);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void FlowAuditor_has_its_own_NetworkPolicy_and_CiliumNetworkPolicy_admitting_only_metrics_from_monitoring(string name)
    {
        var objects = Overlay(name).Objects.ToList();
        var policy = Assert.Single(objects.OfType<V1NetworkPolicy>());
        var podLabels = PodTemplates(objects).Single().Metadata.Labels;
        Assert.All(policy.Spec.PodSelector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        Assert.Equal(["Egress", "Ingress"], policy.Spec.PolicyTypes.Order(StringComparer.Ordinal));
        var ingress = Assert.Single(policy.Spec.Ingress);
        Assert.Equal("9464", Assert.Single(ingress.Ports).Port.Value);
        Assert.Equal("monitoring", Assert.Single(ingress.FromProperty).NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Contains(policy.Spec.Egress, e => e.Ports.Any(p => p.Port.Value == "443"));
        if (name == "relay")
        {
            Assert.Contains(policy.Spec.Egress, e => e.To.Any(t => Label(t.PodSelector?.MatchLabels, "k8s-app") == "hubble-relay"));
        }

        var cilium = Assert.Single(objects.OfType<CustomResource>(), c => c.Kind == "CiliumNetworkPolicy");
        var yaml = k8s.KubernetesYaml.Serialize(cilium);
        Assert.Contains("kube-apiserver", yaml, StringComparison.Ordinal);
        Assert.Contains("9464", yaml, StringComparison.Ordinal);
    }

    private static string? Label(IDictionary<string, string>? labels, string key) => labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static IEnumerable<V1PodTemplateSpec> PodTemplates(IEnumerable<object> objects) =>
        objects.OfType<V1DaemonSet>().Select(d => d.Spec.Template).Concat(objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template));

    private static IEnumerable<V1PodSpec> PodSpecs(IEnumerable<object> objects) => PodTemplates(objects).Select(t => t.Spec);
}
