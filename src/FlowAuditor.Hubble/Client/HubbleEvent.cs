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
