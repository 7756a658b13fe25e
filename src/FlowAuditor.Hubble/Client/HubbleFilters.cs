using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Client;

/// <summary>Turns the client's verdict and event-type options into GetFlows whitelist filters.</summary>
internal static class HubbleFilters
{
    public static IEnumerable<FlowFilter> Whitelist(HubbleClientOptions options)
    {
        if (options.Verdicts.Count == 0 && options.EventTypes.Count == 0)
        {
            return options.Whitelist;
        }

        // Fields inside one FlowFilter are AND-ed, so the constraints are added to every user filter.
        var bases = options.Whitelist.Count > 0 ? options.Whitelist : [new FlowFilter()];
        return bases.Select(template =>
        {
            var filter = template.Clone();
            filter.Verdict.AddRange(options.Verdicts);
            filter.EventType.AddRange(options.EventTypes.Select(type => new EventTypeFilter { Type = type }));
            return filter;
        }).ToList();
    }
}
