using FlowAuditor.Core.Flows;

namespace FlowAuditor.Core.Attribution;

/// <summary>Classifies flows by verdict, drop reason and event type.</summary>
public static class FlowClassifier
{
    public static FlowClass Classify(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Verdict switch
        {
            FlowVerdict.Audit => FlowClass.Audit,
            FlowVerdict.Dropped when flow.EventType == FlowEventTypes.L7 => FlowClass.L7Denied,
            FlowVerdict.Dropped => flow.DropReason switch
            {
                DropReasons.PolicyDenied => FlowClass.PolicyDenied,
                DropReasons.PolicyDeny => FlowClass.PolicyDeny,
                DropReasons.AuthRequired => FlowClass.AuthRequired,
                _ => FlowClass.NonPolicyDrop,
            },
            FlowVerdict.Forwarded or FlowVerdict.Redirected => FlowClass.Forwarded,
            _ => FlowClass.Other,
        };
    }

    /// <summary>Policy drops and audits: the flows FlowAuditor attributes to policy.</summary>
    public static bool IsPolicyDenial(this FlowClass flowClass) =>
        flowClass is FlowClass.PolicyDenied or FlowClass.PolicyDeny or FlowClass.AuthRequired or FlowClass.Audit;

    /// <summary>
    /// A forwarded flow that carries a policy decision for a new connection: a policy-verdict event, or a trace of a
    /// first packet (not a reply). Replies pass on connection tracking, whatever policy says.
    /// </summary>
    public static bool IsNewConnectionDecision(FlowRecord flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.IsReply == true || flow.Protocol is null)
        {
            return false;
        }

        if (flow.EventType == FlowEventTypes.PolicyVerdict)
        {
            return true;
        }

        return flow.EventType == FlowEventTypes.Trace && flow.IsReply == false
            && (flow.Protocol != Ports.Protocol.TCP || (flow.TcpSyn && !flow.TcpAck));
    }
}
