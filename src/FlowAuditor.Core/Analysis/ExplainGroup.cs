using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>A part of a pair's connection space whose every connection has this same verdict and attribution.</summary>
public sealed record ExplainGroup(ConnectionSet Connections, ConnectionVerdict Verdict)
{
    public bool Allowed => Verdict.Allowed;
}
