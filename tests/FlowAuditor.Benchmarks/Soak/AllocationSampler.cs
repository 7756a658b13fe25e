using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace FlowAuditor.Benchmarks.Soak;

/// <summary>
/// What allocates, sampled in-process: the runtime's GCAllocationTick event (about one per 100 KB allocated) names
/// the type of the allocation that crossed the threshold, so counts per type approximate bytes per type.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public IReadOnlyList<(string Type, long Ticks)> Top(int count) =>
        [.. _ticks.OrderByDescending(kv => kv.Value).Take(count).Select(kv => (kv.Key, kv.Value))];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.Payload is { } payload
            && eventData.PayloadNames?.IndexOf("TypeName") is >= 0 and var at && payload[at] is string type)
        {
            _ticks.AddOrUpdate(type, 1, (_, n) => n + 1);
        }
    }
}
