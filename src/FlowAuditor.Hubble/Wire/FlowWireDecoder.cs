using System.Buffers;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// Decodes a GetFlowsResponse straight from its bytes into a Core <see cref="FlowRecord"/>, reading only the fields
/// <see cref="FlowRecordMapper"/> reads and skipping the rest by wire type; the result equals the mapper's for the
/// same message (a differential test holds them together). Strings, addresses, label sets and policy references that
/// repeat are cached, so steady traffic allocates little beyond the record. One decoder per stream: not thread-safe.
/// </summary>
internal sealed class FlowWireDecoder
{
    private const long MinSeconds = -62_135_596_800L;
    private const long MaxSeconds = 253_402_300_799L;

    private readonly StringCache _strings = new();
    private readonly Utf8Cache<IpEntry> _addresses = new(IpEntry.Parse);
    private readonly Utf8Cache<PolicyEntry> _policies = new(PolicyEntry.Parse, slots: 1024, maxLength: 4096);
    private readonly Utf8Cache<WorkloadSlot> _workloads = new(static _ => new WorkloadSlot(), slots: 1024);
    private readonly WireLabelCache _labels = new();
    private readonly EndpointCache _endpoints = new();
    private readonly List<PolicyRef>[] _policyLists = [[], [], [], []];
    private readonly List<string> _sourceNames = [];
    private readonly List<string> _destinationNames = [];
    private readonly List<string> _policyLog = [];
    private readonly WireResponse _response = new();

    /// <summary>Decodes one message; the returned instance is reused by the next call.</summary>
    public WireResponse Decode(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Decode(payload.FirstSpan);
        }

        var length = checked((int)payload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Decode(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public WireResponse Decode(ReadOnlySpan<byte> payload)
    {
        var response = _response;
        response.Kind = WireResponseKind.Other;
        response.Flow = null;
        response.LostEvents = null;
        response.NodeStatus = null;
        response.HasUuid = false;
        response.Key = Guid.Empty;
        response.Size = payload.Length;
        ReadOnlySpan<byte> body = default;
        var nodeName = string.Empty;
        long? time = null;
        var reader = new WireReader(payload);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType != WireReader.LengthDelimited)
            {
                reader.Skip(field, wireType);
                continue;
            }

            switch (field)
            {
                case GetFlowsResponse.FlowFieldNumber:
                    response.Kind = WireResponseKind.Flow;
                    body = reader.ReadBytes();
                    break;
                case GetFlowsResponse.NodeStatusFieldNumber:
                    response.Kind = WireResponseKind.NodeStatus;
                    body = reader.ReadBytes();
                    break;
                case GetFlowsResponse.LostEventsFieldNumber:
                    response.Kind = WireResponseKind.LostEvents;
                    body = reader.ReadBytes();
                    break;
                case GetFlowsResponse.NodeNameFieldNumber:
                    nodeName = _strings.Get(reader.ReadBytes());
                    break;
                case GetFlowsResponse.TimeFieldNumber:
                    time = WireReader.TimestampNanos(reader.ReadBytes(), out _, out _);
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        response.NodeName = nodeName;
        response.TimeNanos = time;
        switch (response.Kind)
        {
            case WireResponseKind.Flow:
                response.Flow = DecodeFlow(body, response);
                break;
            case WireResponseKind.LostEvents:
                response.LostEvents = LostEvent.Parser.ParseFrom(body);
                break;
            case WireResponseKind.NodeStatus:
                response.NodeStatus = NodeStatusEvent.Parser.ParseFrom(body);
                break;
        }

        return response;
    }

    private FlowRecord DecodeFlow(ReadOnlySpan<byte> flow, WireResponse response)
    {
        long? timeNanos = null;
        DateTimeOffset time = default;
        ReadOnlySpan<byte> uuid = default, sourceIp = default, destinationIp = default, node = default;
        ReadOnlySpan<byte> sourceService = default, destinationService = default;
        int verdict = 0, eventType = 0, direction = 0, dropReasonDesc = 0;
        uint dropReason = 0, matchType = 0;
        bool? isReply = null;
        var l4 = default(Layer4Facts);
        ReadOnlySpan<byte> source = default, destination = default;
        bool hasSource = false, hasDestination = false;
        foreach (var list in _policyLists)
        {
            list.Clear();
        }

        _sourceNames.Clear();
        _destinationNames.Clear();
        _policyLog.Clear();
        var reader = new WireReader(flow);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, WireReader.LengthDelimited):
                    timeNanos = WireReader.TimestampNanos(reader.ReadBytes(), out var seconds, out var nanos);
                    // Out of range (Timestamp.ToDateTimeOffset would throw): kept as no time rather than failing the stream.
                    time = seconds is >= MinSeconds and <= MaxSeconds && nanos is >= 0 and < 1_000_000_000
                        ? DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanos / 100))
                        : default;
                    break;
                case (2, WireReader.Varint):
                    verdict = reader.ReadInt32();
                    break;
                case (3, WireReader.Varint):
                    dropReason = reader.ReadUInt32();
                    break;
                case (5, WireReader.LengthDelimited):
                    WireReader.BytesFields1And2(reader.ReadBytes(), ref sourceIp, ref destinationIp);
                    break;
                case (6, WireReader.LengthDelimited):
                    l4 = Layer4Facts.Read(reader.ReadBytes());
                    break;
                case (8, WireReader.LengthDelimited):
                    source = reader.ReadBytes();
                    hasSource = true;
                    break;
                case (9, WireReader.LengthDelimited):
                    destination = reader.ReadBytes();
                    hasDestination = true;
                    break;
                case (11, WireReader.LengthDelimited):
                    node = reader.ReadBytes();
                    break;
                case (13, WireReader.LengthDelimited):
                    _sourceNames.Add(_strings.Get(reader.ReadBytes()));
                    break;
                case (14, WireReader.LengthDelimited):
                    _destinationNames.Add(_strings.Get(reader.ReadBytes()));
                    break;
                case (19, WireReader.LengthDelimited):
                    eventType = (int)WireReader.Field1Varint(reader.ReadBytes());
                    break;
                case (20, WireReader.LengthDelimited):
                    sourceService = reader.ReadBytes();
                    break;
                case (21, WireReader.LengthDelimited):
                    destinationService = reader.ReadBytes();
                    break;
                case (22, WireReader.Varint):
                    direction = reader.ReadInt32();
                    break;
                case (23, WireReader.Varint):
                    matchType = reader.ReadUInt32();
                    break;
                case (25, WireReader.Varint):
                    dropReasonDesc = reader.ReadInt32();
                    break;
                case (26, WireReader.LengthDelimited):
                    isReply = WireReader.BoolValue(reader.ReadBytes());
                    break;
                case (34, WireReader.LengthDelimited):
                    uuid = reader.ReadBytes();
                    break;
                case (>= 21001 and <= 21005 and not 21003, WireReader.LengthDelimited):
                    if (_policies.Get(reader.ReadBytes()).Reference is { } policy)
                    {
                        _policyLists[PolicyListOf(field)].Add(policy);
                    }

                    break;
                case (21006, WireReader.LengthDelimited):
                    _policyLog.Add(_strings.Get(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        var flowNode = _strings.Get(node);
        if (response.NodeName.Length == 0)
        {
            response.NodeName = flowNode;
        }

        response.TimeNanos = timeNanos ?? response.TimeNanos;
        var uuidValue = CanonicalUuid.Parse(uuid);
        var uuidText = uuid.IsEmpty || uuidValue is not null ? null : System.Text.Encoding.UTF8.GetString(uuid);
        response.HasUuid = !uuid.IsEmpty;
        response.Key = uuidValue ?? FlowKey.Of(uuidText, uuid, flow);
        var (dropReasonValue, dropReasonName) = DropReasonNames.Effective(dropReasonDesc, dropReason);
        return new FlowRecord
        {
            Source = Endpoint(hasSource, source, sourceIp, _sourceNames, sourceService),
            Destination = Endpoint(hasDestination, destination, destinationIp, _destinationNames, destinationService),
            Time = time,
            Uuid = uuidText,
            UuidValue = uuidValue,
            NodeName = flowNode.Length > 0 ? flowNode : response.NodeName,
            Verdict = (FlowVerdict)verdict,
            DropReason = dropReasonValue,
            DropReasonName = dropReasonName,
            EventType = eventType,
            Direction = (FlowDirection)direction,
            IsReply = isReply,
            Protocol = l4.Protocol,
            SourcePort = l4.SourcePort,
            DestinationPort = l4.DestinationPort,
            TcpSyn = l4.Syn,
            TcpAck = l4.Ack,
            PolicyMatchType = (int)matchType,
            EgressAllowedBy = ToList(_policyLists[0]),
            IngressAllowedBy = ToList(_policyLists[1]),
            EgressDeniedBy = ToList(_policyLists[2]),
            IngressDeniedBy = ToList(_policyLists[3]),
            PolicyLog = ToList(_policyLog),
        };
    }

    private Core.Endpoints.Endpoint Endpoint(bool present, ReadOnlySpan<byte> message, ReadOnlySpan<byte> ip, List<string> names, ReadOnlySpan<byte> service)
    {
        // DNS names are per flow (the names the destination was resolved from), so only endpoints without them are
        // cached; with names there is no slot, and Set then keeps nothing.
        var slot = -1;
        if (names.Count == 0 && _endpoints.Get(present, message, ip, service, out slot) is { } cached)
        {
            return cached;
        }

        var spans = present ? EndpointSpans.Read(message) : default;
        var built = Endpoint(ref spans, ip, names, service);
        _endpoints.Set(slot, present, message, ip, service, built);
        return built;
    }

    private Core.Endpoints.Endpoint Endpoint(ref EndpointSpans spans, ReadOnlySpan<byte> ip, List<string> names, ReadOnlySpan<byte> service)
    {
        var address = ip.IsEmpty ? null : _addresses.Get(ip);
        var ns = _strings.Get(spans.Namespace);
        var (labels, kind) = spans.LabelCount == 0
            ? (LabelSet.Empty, EndpointKind.Pod)
            : _labels.Get(_strings.Get(spans.Cluster), spans.Identity, ns, spans.Message, spans.LabelCount);
        WorkloadRef? workload = null;
        if (spans.HasWorkload && ns.Length > 0)
        {
            var slot = _workloads.Get(spans.Workload);
            workload = slot.For(ns) ?? (slot.Reference = new WorkloadRef(ns, _strings.Get(spans.WorkloadName), _strings.Get(spans.WorkloadKind)));
        }
        return new EndpointFacts(
            spans.Present,
            spans.Identity,
            ns,
            labels,
            address?.Address,
            address?.Text,
            _strings.Get(spans.PodName),
            workload,
            ToList(names),
            service.IsEmpty ? null : ServiceOf(service)).ToEndpoint(kind);
    }

    private ServiceRef? ServiceOf(ReadOnlySpan<byte> message)
    {
        ReadOnlySpan<byte> name = default, ns = default;
        WireReader.BytesFields1And2(message, ref name, ref ns);
        return name.IsEmpty ? null : new ServiceRef(_strings.Get(ns), _strings.Get(name));
    }

    private static int PolicyListOf(int field) => field switch
    {
        21001 => 0,
        21002 => 1,
        21004 => 2,
        _ => 3,
    };

    private static T[] ToList<T>(List<T> items) => items.Count == 0 ? [] : [.. items];
}
