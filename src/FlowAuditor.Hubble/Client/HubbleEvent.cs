using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Client;

/// <summary>Something a GetFlows stream delivered, with the node it came from.</summary>
public abstract record HubbleEvent(string NodeName);

/// <summary>A flow, delivered once (duplicates from a resumed stream are dropped before this).</summary>
public sealed record FlowEvent(Flow Flow, string NodeName) : HubbleEvent(NodeName);

/// <summary>The agent or relay lost events (perf ring, observer queue, or this reader lagging the Hubble ring).</summary>
public sealed record LostEventsEvent(LostEvent LostEvent, string NodeName) : HubbleEvent(NodeName);

/// <summary>Relay's report that nodes connected, became unavailable, went away or failed. Not a flow.</summary>
public sealed record NodeStatusChange(NodeStatusEvent Status, string NodeName) : HubbleEvent(NodeName);

/// <summary>A flow decoded straight into the Core record (the fast path), delivered once like <see cref="FlowEvent"/>.</summary>
public sealed record FlowRecordEvent(FlowRecord Record, string NodeName) : HubbleEvent(NodeName);

/// <summary>
/// The fast path's sign that no further message is buffered: the stream is waiting for the server. A consumer that
/// batches flushes here, so batching never holds a flow back while the stream is quiet.
/// </summary>
public sealed record StreamPaused() : HubbleEvent(string.Empty)
{
    public static StreamPaused Instance { get; } = new();
}
