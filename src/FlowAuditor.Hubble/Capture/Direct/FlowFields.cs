using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// The fields of one Flow object that <see cref="Mapping.FlowRecordMapper"/> reads, collected while walking the JSON
/// (keys come in any order). One instance is reused for every line: <see cref="Reset"/> before each. Fields, not properties, so readers can write them as out arguments.
/// </summary>
internal sealed class FlowFields
{
    public DateTimeOffset Time;

    public string Uuid = string.Empty;

    public string NodeName = string.Empty;

    public int Verdict;

    public uint DropReason;

    public int DropReasonDesc;

    public int EventType;

    public int Direction;

    public uint PolicyMatchType;

    public bool? IsReply;

    public Layer4Facts Layer4;

    public IpEntry? SourceIp;

    public IpEntry? DestinationIp;

    /// <summary>Null when the flow has no such endpoint (the mapper's "not present").</summary>
    public EndpointEntry? Source;

    public EndpointEntry? Destination;

    public ServiceRef? SourceService;

    public ServiceRef? DestinationService;

    public readonly List<string> SourceNames = [];

    public readonly List<string> DestinationNames = [];

    public readonly List<string> PolicyLog = [];

    /// <summary>Egress allowed, ingress allowed, egress denied, ingress denied; nameless policies left out.</summary>
    public readonly List<PolicyRef>[] Policies = [[], [], [], []];

    public void Reset()
    {
        Time = default;
        Uuid = NodeName = string.Empty;
        Verdict = DropReasonDesc = EventType = Direction = 0;
        DropReason = PolicyMatchType = 0;
        IsReply = null;
        Layer4 = default;
        SourceIp = DestinationIp = null;
        Source = Destination = null;
        SourceService = DestinationService = null;
        SourceNames.Clear();
        DestinationNames.Clear();
        PolicyLog.Clear();
        foreach (var list in Policies)
        {
            list.Clear();
        }
    }
}
