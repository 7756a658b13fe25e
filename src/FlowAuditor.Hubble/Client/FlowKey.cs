using FlowAuditor.Core.Flows;
using FlowAuditor.Hubble.Api;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Client;

/// <summary>A 128-bit identity for a flow, used to drop the overlap after a resume (<see cref="FlowUuidKey"/>).</summary>
internal static class FlowKey
{
    /// <summary>
    /// The agent's uuid (1.14+) when present — parsed without allocating. Older agents send none; the same flow read
    /// again from the ring is byte-identical, so a hash of its encoding identifies it.
    /// </summary>
    public static Guid Of(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Uuid.Length > 0 ? FlowUuidKey.Of(flow.Uuid) : FlowUuidKey.OfBytes(flow.ToByteArray());
    }

    /// <summary>The same rule over a flow still encoded (the wire decoder's): its uuid as text and as bytes, and its bytes.</summary>
    public static Guid Of(string? uuidText, ReadOnlySpan<byte> uuid, ReadOnlySpan<byte> encodedFlow) =>
        Guid.TryParse(uuidText, out var parsed) ? parsed : FlowUuidKey.OfBytes(uuid.IsEmpty ? encodedFlow : uuid);
}
