using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// What an audit reads of a capture response: a flow as its Core record, lost events as they are; node status and
/// anything else is nothing. The reference the direct decoder (<see cref="Direct.CaptureLineDecoder"/>) matches.
/// </summary>
internal static class CaptureEvents
{
    public static HubbleEvent? Of(GetFlowsResponse response, FlowRecordMapper mapper)
    {
        if (response.Flow is { } flow)
        {
            return new FlowRecordEvent(mapper.Map(flow, response.NodeName), response.NodeName);
        }

        return response.LostEvents is { } lostEvents ? new LostEventsEvent(lostEvents, response.NodeName) : null;
    }
}
