using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// The workload reference last built from one Workload message: reused while the endpoint's namespace is the same
/// string (the decoder interns namespaces), so a pod's flows share one <see cref="WorkloadRef"/>.
/// </summary>
internal sealed class WorkloadSlot
{
    public WorkloadRef? Reference { get; set; }

    /// <summary>The cached reference when it was built for <paramref name="ns"/>.</summary>
    public WorkloadRef? For(string ns) => Reference is { } reference && ReferenceEquals(reference.Namespace, ns) ? reference : null;
}
