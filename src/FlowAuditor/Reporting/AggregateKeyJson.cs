using System.Text.Json;
using FlowAuditor.Core.Aggregation;

namespace FlowAuditor.Reporting;

/// <summary>An aggregate's key fields (direction, namespace, subject, peer, protocol, port), one shape in every report.</summary>
internal static class AggregateKeyJson
{
    public static void Write(Utf8JsonWriter json, AggregateKey key)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(key);
        json.WriteString("direction", key.Direction == Core.Policies.TrafficDirection.Ingress ? "ingress" : "egress");
        json.WriteString("namespace", key.Namespace);
        json.WriteString("subject", key.Subject);
        json.WriteString("peerKind", key.PeerKind.ToString().ToLowerInvariant());
        json.WriteString("peer", key.Peer);
        json.WriteString("protocol", key.Protocol.ToString());
        json.WriteNumber("port", key.Port);
    }
}
