using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>Fixture flows re-stamped as a modern agent would send them: a uuid each and strictly rising times.</summary>
internal static class SyntheticFlows
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<List<GetFlowsResponse>> CreateAsync(int count)
    {
        var templates = (await HubbleFixtures.ReadAllFixturesAsync()).Where(r => r.Flow?.Time is not null).ToList();
        var flows = new List<GetFlowsResponse>(count);
        for (var i = 0; i < count; i++)
        {
            var flow = templates[i % templates.Count].Flow.Clone();
            flow.Uuid = new Guid(i, 0x4b1d, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToString();
            flow.Time = Timestamp.FromDateTimeOffset(Start.AddMilliseconds(i));
            flows.Add(new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time.Clone() });
        }

        return flows;
    }
}
