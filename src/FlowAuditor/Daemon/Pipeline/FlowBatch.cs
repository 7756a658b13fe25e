using FlowAuditor.Core.Flows;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>Flows handed from the stream reader to attribution together: the first <see cref="Count"/> of a pooled array.</summary>
internal readonly record struct FlowBatch(FlowRecord[] Items, int Count)
{
    public ReadOnlySpan<FlowRecord> Flows => Items.AsSpan(0, Count);
}
