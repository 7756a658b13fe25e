using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Network;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// One side of a connectivity pair: a workload (through its representative pod) or a disjoint range of external
/// addresses (through its first address). <see cref="Name"/> is the form listings print:
/// <c>ns/name[Kind]</c> or <c>a.b.c.d-e.f.g.h[External]</c>.
/// </summary>
public sealed record AnalysisPeer(string Name, Endpoint Endpoint)
{
    public bool IsExternal => !Endpoint.IsPod;

    public static AnalysisPeer ForWorkload(WorkloadRef workload, Endpoint representative) => new(workload.ToString(), representative);

    /// <summary>Every address of <paramref name="range"/> is treated alike by every ipBlock, so its first stands for all.</summary>
    public static AnalysisPeer ForRange(IpRange range) => new($"{range}[External]", Endpoint.External(range.StartAddress));

    public override string ToString() => Name;
}
