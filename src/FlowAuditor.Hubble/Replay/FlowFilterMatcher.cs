using FlowAuditor.Hubble.Api;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// The GetFlows filters the replay server honours: verdict, event type, namespace/pod (source_pod and
/// destination_pod, `ns/`, `ns/pod-prefix`, `/pod`, `pod`), traffic direction and uuid. Whitelist entries are
/// OR-ed, fields inside one filter AND-ed, and the blacklist removes matches, as on an agent.
/// </summary>
internal sealed class FlowFilterMatcher
{
    private static readonly HashSet<int> Supported =
    [
        FlowFilter.VerdictFieldNumber, FlowFilter.EventTypeFieldNumber, FlowFilter.SourcePodFieldNumber,
        FlowFilter.DestinationPodFieldNumber, FlowFilter.TrafficDirectionFieldNumber, FlowFilter.UuidFieldNumber,
    ];

    private readonly FlowFilter[] _whitelist;
    private readonly FlowFilter[] _blacklist;

    private FlowFilterMatcher(FlowFilter[] whitelist, FlowFilter[] blacklist)
    {
        _whitelist = whitelist;
        _blacklist = blacklist;
    }

    /// <summary>Null with <paramref name="error"/> set when a filter uses a field this server does not implement.</summary>
    public static FlowFilterMatcher? Create(GetFlowsRequest request, out string? error)
    {
        error = request.Whitelist.Concat(request.Blacklist).Select(UnsupportedField).FirstOrDefault(f => f is not null);
        return error is null ? new FlowFilterMatcher([.. request.Whitelist], [.. request.Blacklist]) : null;
    }

    public bool Matches(Flow flow) =>
        (_whitelist.Length == 0 || Array.Exists(_whitelist, f => Matches(f, flow))) && !Array.Exists(_blacklist, f => Matches(f, flow));

    private static bool Matches(FlowFilter filter, Flow flow) =>
        (filter.Verdict.Count == 0 || filter.Verdict.Contains(flow.Verdict))
        && (filter.TrafficDirection.Count == 0 || filter.TrafficDirection.Contains(flow.TrafficDirection))
        && (filter.Uuid.Count == 0 || filter.Uuid.Contains(flow.Uuid))
        && (filter.EventType.Count == 0 || filter.EventType.Any(e => MatchesEventType(e, flow.EventType)))
        && (filter.SourcePod.Count == 0 || filter.SourcePod.Any(p => MatchesPod(p, flow.Source)))
        && (filter.DestinationPod.Count == 0 || filter.DestinationPod.Any(p => MatchesPod(p, flow.Destination)));

    private static bool MatchesEventType(EventTypeFilter filter, CiliumEventType? type) =>
        type is not null && type.Type == filter.Type && (!filter.MatchSubType || type.SubType == filter.SubType);

    private static bool MatchesPod(string pattern, Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return false;
        }

        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var (ns, podPrefix) = slash < 0 ? ("", pattern) : (pattern[..slash], pattern[(slash + 1)..]);
        if (ns.Length > 0 && !string.Equals(endpoint.Namespace, ns, StringComparison.Ordinal))
        {
            return false;
        }

        // A pod prefix needs a pod; "ns/" alone matches any endpoint in the namespace.
        return podPrefix.Length == 0 || (endpoint.PodName.Length > 0 && endpoint.PodName.StartsWith(podPrefix, StringComparison.Ordinal));
    }

    private static string? UnsupportedField(FlowFilter filter)
    {
        foreach (var field in FlowFilter.Descriptor.Fields.InDeclarationOrder())
        {
            if (Supported.Contains(field.FieldNumber))
            {
                continue;
            }

            var value = field.Accessor.GetValue(filter);
            var set = field.IsRepeated ? ((System.Collections.IList)value).Count > 0 : field.FieldType == FieldType.Message ? value is not null : field.Accessor.HasValue(filter);
            if (set)
            {
                return $"the replay server does not implement the FlowFilter field '{field.Name}'";
            }
        }

        return null;
    }
}
