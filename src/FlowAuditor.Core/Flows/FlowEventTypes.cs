namespace FlowAuditor.Core.Flows;

/// <summary>Cilium monitor event types carried in <c>event_type.type</c>.</summary>
public static class FlowEventTypes
{
    public const int Drop = 1;
    public const int Trace = 4;
    public const int PolicyVerdict = 5;
    public const int L7 = 129;
}
