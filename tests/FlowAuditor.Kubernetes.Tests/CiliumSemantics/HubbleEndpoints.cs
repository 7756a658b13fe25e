using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Kubernetes.Tests.CiliumSemantics;

/// <summary>
/// Endpoints as Hubble reports them: Cilium identity label strings (<c>k8s:app=web</c>, namespace labels under
/// <c>k8s:io.cilium.k8s.namespace.labels.</c>, service account, cluster) or reserved identities.
/// </summary>
internal static class HubbleEndpoints
{
    /// <summary>
    /// A pod in <paramref name="ns"/> with the given pod labels (<c>k8s:app=web</c>) and namespace labels
    /// (<c>team=a</c>, prefixed here); the automatic namespace-name label and service account <c>default</c> unless given.
    /// </summary>
    public static Endpoint Pod(string ns, string[] labels, string[]? namespaceLabels = null, string serviceAccount = "default")
    {
        var all = new List<string>(labels)
        {
            $"k8s:{LabelSources.PodNamespaceKey}={ns}",
            $"k8s:{LabelSources.NamespaceLabelPrefix}{LabelSources.NamespaceNameLabel}={ns}",
            $"k8s:{LabelSources.ServiceAccountKey}={serviceAccount}",
            $"k8s:{LabelSources.ClusterKey}=default",
        };
        all.AddRange((namespaceLabels ?? []).Select(l => $"k8s:{LabelSources.NamespaceLabelPrefix}{l}"));
        return new Endpoint(EndpointKind.Pod, LabelSet.Parse(all)) { Namespace = ns, Name = string.Join(',', labels) };
    }

    /// <summary>A reserved identity from its Hubble labels (<c>reserved:host</c>, <c>reserved:kube-apiserver</c>).</summary>
    public static Endpoint Reserved(params string[] labels)
    {
        var set = LabelSet.Parse(labels);
        return new Endpoint(Endpoint.KindOf(set), set) { Name = string.Join(',', labels) };
    }

    /// <summary>An address outside the cluster (<c>reserved:world</c>), with the DNS names the flow carried.</summary>
    public static Endpoint World(string address, params string[] dnsNames) =>
        new(EndpointKind.World, LabelSet.Parse([IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "reserved:world-ipv6" : "reserved:world-ipv4"]))
        {
            Address = IPAddress.Parse(address),
            Name = address,
            DnsNames = dnsNames,
        };
}
