using FlowAuditor.Hubble.Api;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// Serves one GetFlows call from the feed with an agent's semantics: start position from since / first / number /
/// follow, `until` ends the stream, filters apply to flows only, lost events are passed through uncounted.
/// </summary>
internal sealed class ReplayStreamer(ReplayFeed feed, GetFlowsRequest request, FlowFilterMatcher matcher, IServerStreamWriter<ReplayFrame> writer, ServerCallContext context)
{
    // Messages are buffered and flushed in batches (and whenever the stream waits), not one flush per flow.
    private const int FlushEvery = 128;

    private readonly ReplayFrame _frame = new();
    private readonly long? _since = request.Since is null ? null : WireTimestamp.ToUnixNanos(request.Since);
    private readonly long? _until = request.Until is null ? null : WireTimestamp.ToUnixNanos(request.Until);
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
        while (true)
        {
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
            else if (IsSince(time) && matcher.Matches(entry.Flow!))
            {
                var flowTime = entry.HasFlowTime || feed.AssignsTimes ? time : null;
                await WriteAsync(entry, flowTime, time, feed.PassOf(seq), cancellationToken).ConfigureAwait(false);
                FlowsSent++;
                if (!request.Follow && request.Number > 0 && (ulong)FlowsSent >= request.Number)
                {
                    break;
                }
            }

            seq++;
        }

        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

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
            if (entry.IsFlow && matcher.Matches(entry.Flow!) && ++matched == request.Number)
            {
                return s;
            }
        }

        return oldest;
    }

    private async Task WriteAsync(ReplayEntry entry, long? flowTime, long? time, int pass, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(_frame.Set(entry, flowTime, time, pass), cancellationToken).ConfigureAwait(false);
        if (++_unflushed >= FlushEvery)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
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
