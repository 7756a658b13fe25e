using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay;
using FlowAuditor.Hubble.Wire;
using Grpc.Core;

namespace FlowAuditor.Hubble.Client;

/// <summary>
/// Observer.GetFlows bound by hand twice: with the generated messages (every field, for observe) and with the wire
/// decoder (Core records, for attribution). Same RPC on the wire.
/// </summary>
internal static class FlowsMethods
{
    private const string Service = "observer.Observer";
    private const string Name = "GetFlows";
    private static readonly Marshaller<GetFlowsRequest> RequestMarshaller = ProtoMarshaller.For(GetFlowsRequest.Parser);

    public static Method<GetFlowsRequest, GetFlowsResponse> Full { get; } =
        new(MethodType.ServerStreaming, Service, Name, RequestMarshaller, ProtoMarshaller.For(GetFlowsResponse.Parser));

    /// <summary>One per stream: the decoder keeps caches and reuses its result.</summary>
    public static Method<GetFlowsRequest, WireResponse> Decoded(FlowWireDecoder decoder) =>
        new(MethodType.ServerStreaming, Service, Name, RequestMarshaller,
            new Marshaller<WireResponse>(
                static (_, _) => throw new NotSupportedException("decoded responses are only received"),
                context => decoder.Decode(context.PayloadAsReadOnlySequence())));

    /// <summary>
    /// The Flow fields the wire decoder reads (GetFlowsRequest.field_mask, Hubble 1.16+): a server that honours it
    /// sends nothing else; one that ignores it sends everything and the decoder skips the rest.
    /// </summary>
    public static IReadOnlyList<string> DecodedFields { get; } =
    [
        "time", "uuid", "verdict", "drop_reason", "drop_reason_desc", "event_type", "IP", "l4", "source", "destination",
        "node_name", "source_names", "destination_names", "source_service", "destination_service", "traffic_direction",
        "is_reply", "policy_match_type", "egress_allowed_by", "ingress_allowed_by", "egress_denied_by",
        "ingress_denied_by", "policy_log",
    ];
}
