using System.Net;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;

namespace FlowAuditor.Core.Tests.Support;

/// <summary>Pod endpoints as Hubble reports them: full identity labels, workload, address.</summary>
internal static class TestPods
{
    public static Endpoint Make(string ns, string workload, string kind = "Deployment", string? address = null, params (string Key, string Value)[] labels)
    {
        var all = labels.Length == 0 ? [("app", workload)] : labels;
        var pod = Endpoint.Pod(
            ns,
            $"{workload}-7d9c5b8f6d-x2x4q",
            all.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)).Append(new("pod-template-hash", "7d9c5b8f6d")),
            [new(LabelSources.NamespaceNameLabel, ns)]);
        return new Endpoint(pod.Kind, pod.Labels)
        {
            Namespace = ns,
            Name = pod.Name,
            Workload = new WorkloadRef(ns, workload, kind),
            Address = address is null ? null : IPAddress.Parse(address),
        };
    }
}
