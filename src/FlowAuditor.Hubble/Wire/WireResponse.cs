using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Wire;

/// <summary>What a GetFlowsResponse carried, as the wire decoder read it.</summary>
internal enum WireResponseKind
{
    Other,
    Flow,
    LostEvents,
    NodeStatus,
}

/// <summary>
/// One decoded GetFlowsResponse. The decoder reuses one instance per stream (the client consumes each message before
/// reading the next), so steady traffic allocates only the <see cref="FlowRecord"/>.
/// </summary>
internal sealed class WireResponse
{
    public WireResponseKind Kind { get; set; }

    public FlowRecord? Flow { get; set; }

    /// <summary>The node the message came from: the response's node_name, else the flow's.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>The flow's time, else the response's, in Unix nanoseconds (resume and de-duplication).</summary>
    public long? TimeNanos { get; set; }

    /// <summary>The flow's uuid, or a hash of its encoding when it has none (see <see cref="Client.FlowKey"/>).</summary>
    public Guid Key { get; set; }

    public bool HasUuid { get; set; }

    public LostEvent? LostEvents { get; set; }

    public NodeStatusEvent? NodeStatus { get; set; }

    /// <summary>Encoded size of the message, for wire-cost figures.</summary>
    public int Size { get; set; }
}
