using FlowAuditor.Core.Labels;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// A flow as this send serves it: the captured flow, with the uuid and ports of its pass. Filters see what the
/// client will receive, so a uuid or port a client read back from this server selects the same flow again.
/// </summary>
internal readonly struct FlowView(ReplayEntry entry, int pass, PassStamp stamp)
{
    public Flow Flow => entry.Flow!;

    public string Uuid => stamp.Uuid(entry, pass);

    public LabelSet SourceLabels => entry.SourceLabels;

    public LabelSet DestinationLabels => entry.DestinationLabels;

    /// <summary>Source and destination port of a TCP, UDP or SCTP flow; null for other flows.</summary>
    public (uint Source, uint Destination)? Ports =>
        entry.PortProtocolField == 0 ? null : stamp.Ports(entry.SourcePort, entry.DestinationPort, entry.IsReply, pass);
}
