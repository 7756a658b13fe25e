using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Policies;

/// <summary>
/// One written peer of a rule (a <c>from</c>/<c>to</c> item, a <c>toEndpoints</c> selector, ...), in the order of
/// <see cref="PolicyRule.Peers"/>. <see cref="Written"/> is the peer as the user wrote it
/// (<c>podSelector app=backend</c>), for messages.
/// </summary>
public sealed record PeerSource(SourceLocation Location, string Written)
{
    /// <summary>A NetworkPolicy item with a podSelector.</summary>
    public bool HasPodSelector { get; init; }

    /// <summary>A NetworkPolicy item with a namespaceSelector, or a Cilium selector naming a namespace label.</summary>
    public bool HasNamespaceSelector { get; init; }

    /// <summary>A Cilium <c>fromEndpoints</c>/<c>toEndpoints</c> selector.</summary>
    public bool IsEndpointSelector { get; init; }
}
