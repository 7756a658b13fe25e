using System.Net;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Kubernetes.Manifests.Cluster;

/// <summary>
/// A pod before its namespace's labels are known (a Namespace may come later in the files than its pods).
/// </summary>
internal sealed record PodDraft(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string ServiceAccount,
    WorkloadRef Workload,
    IReadOnlyList<NamedPort> NamedPorts,
    IPAddress? Address)
{
    public bool HostNetwork { get; init; }

    public SourceLocation? Source { get; init; }
}
