using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay.Filters;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// Serves one GetFlows call from the feed with an agent's semantics: start position from since / first / number /
/// follow, `until` ends the stream, filters apply to flows only, lost events are passed through uncounted. A reader
/// the ring has lapped (its next entry was overwritten) gets one HUBBLE_RING_BUFFER lost event counting the entries
/// it missed and goes on from the oldest entry, as an agent's ring reader does (pkg/hubble/container/ring.go).
/// </summary>
internal sealed class ReplayStreamer(ReplayFeed feed, GetFlowsRequest request, FlowFilterMatcher matcher, FlowMask? mask, IServerStreamWriter<ReplayFrame> writer, ServerCallContext context, string nodeName, Func<long> nowNanos)
{
    // Messages are buffered and flushed in batches (and whenever the stream waits), not one flush per flow.
    private const int FlushEvery = 128;

    // An unpaced loop never waits for new entries, so a filter that matches none of them would scan without end:
    // every this many skipped entries the scan checks for a client that went away and yields its thread.
    private const int SkippedBeforeYield = 4096;

    private readonly ReplayFrame _frame = new(feed.Stamp);
    private readonly long? _since = request.Since is null ? null : WireTimestamp.ToUnixNanos(request.Since);
    private readonly long? _until = request.Until is null ? null : WireTimestamp.ToUnixNanos(request.Until);
    private readonly Dictionary<ReplayEntry, ReplayEntry> _masked = new(ReferenceEqualityComparer.Instance);
    private int _unflushed;

    public long FlowsSent { get; private set; }

    public async Task RunAsync(ReplayEntry? nodeStatus, long nowNanos, CancellationToken cancellationToken)
    {
        context.WriteOptions = new WriteOptions(WriteFlags.BufferHint);
        if (nodeStatus is not null)
        {
            await WriteAsync(nodeStatus, null, nowNanos, 0, cancellationToken).ConfigureAwait(false);
        }

        var published = feed.Published;
        var seq = StartOf(published);
        var skipped = 0;
        while (true)
        {
            if (!feed.Unbounded)
            {
                published = feed.Published;
                var oldest = feed.Oldest(published);
                if (seq < oldest)
                {
                    await WriteLostAsync(oldest - seq, cancellationToken).ConfigureAwait(false);
                    seq = oldest;
                }
            }

            if (seq >= published)
            {
                if (!request.Follow)
                {
                    break;
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
                await feed.WaitForAsync(seq, cancellationToken).ConfigureAwait(false);
                published = feed.Published;
                continue;
            }

            var entry = feed.EntryAt(seq);
            var time = feed.TimeAt(seq);
            if (!entry.IsFlow)
            {
                await WriteAsync(entry, null, time, 0, cancellationToken).ConfigureAwait(false);
            }
            else if (_until is not null && time > _until)
            {
                break;
            }
            else if (IsSince(time) && Matches(seq))
            {
                var flowTime = entry.HasFlowTime || feed.AssignsTimes ? time : null;
                await WriteAsync(entry, flowTime, time, feed.PassOf(seq), cancellationToken).ConfigureAwait(false);
                FlowsSent++;
                skipped = 0;
                if (!request.Follow && request.Number > 0 && (ulong)FlowsSent >= request.Number)
                {
                    break;
                }
            }
            else if (++skipped == SkippedBeforeYield)
            {
                skipped = 0;
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
            }

            seq++;
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private bool Matches(long seq) => matcher.Matches(new FlowView(feed.EntryAt(seq), feed.PassOf(seq), feed.Stamp));

    private bool IsSince(long? time) => _since is null || time is null || time >= _since;

    // Where a request starts, as local_observer.go decides it; scans stay within one ring's worth of entries.
    private long StartOf(long published)
    {
        var oldest = feed.Oldest(published);
        var window = Math.Min(published, oldest + Math.Max(feed.Count, 65_535));
        if (_since is not null)
        {
            for (var s = oldest; s < window; s++)
            {
                if (feed.EntryAt(s).IsFlow && IsSince(feed.TimeAt(s)))
                {
                    return s;
                }
            }

            return window;
        }

        if (request.First || feed.Unbounded)
        {
            return oldest;
        }

        if (request.Number == 0)
        {
            return request.Follow ? published : oldest;
        }

        ulong matched = 0;
        for (var s = published - 1; s >= oldest; s--)
        {
            var entry = feed.EntryAt(s);
            if (entry.IsFlow && Matches(s) && ++matched == request.Number)
            {
                return s;
            }
        }

        return oldest;
    }

    private async Task WriteLostAsync(long missed, CancellationToken cancellationToken)
    {
        var now = nowNanos();
        var at = WireTimestamp.ToTimestamp(now);
        var lost = ReplayEntry.From(new GetFlowsResponse
        {
            LostEvents = new LostEvent { Source = LostEventSource.HubbleRingBuffer, NumEventsLost = (ulong)missed, First = at, Last = at.Clone() },
            NodeName = nodeName,
        });
        await WriteAsync(lost, null, now, 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(ReplayEntry entry, long? flowTime, long? time, int pass, CancellationToken cancellationToken)
    {
        var frame = mask is not null && entry.IsFlow
            ? _frame.Set(MaskedEntry(entry), mask.IncludesTime ? flowTime : null, time, pass)
            : _frame.Set(entry, flowTime, time, pass);
        await writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        if (++_unflushed >= FlushEvery)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // A masked flow is trimmed once per entry and then served like any other (time, uuid and ports of its pass
    // patched in), so a mask makes serving cheaper, as on an agent, rather than dearer.
    private ReplayEntry MaskedEntry(ReplayEntry entry)
    {
        if (!_masked.TryGetValue(entry, out var masked))
        {
            masked = entry.Masked(mask!);
            _masked[entry] = masked;
        }

        return masked;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_unflushed == 0)
        {
            return;
        }

        _unflushed = 0;
        await context.GetHttpContext().Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
