using System.Runtime.CompilerServices;
using FlowAuditor.Auditing;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Tests.Auditing;

/// <summary>The audit reads ahead on another thread: the report must still see every event, in order, and the reader's errors.</summary>
public sealed class DecodeAheadTests
{
    [Fact]
    public async Task EveryEvent_ArrivesOnce_InOrder_AcrossManyBatches()
    {
        var seen = new List<ulong>();
        await foreach (var item in DecodeAhead.Run(Events(10_001), CancellationToken.None))
        {
            seen.Add(((LostEventsEvent)item).LostEvent.NumEventsLost);
        }

        Assert.Equal(Enumerable.Range(0, 10_001).Select(i => (ulong)i), seen);
    }

    [Fact]
    public async Task A_ReaderFailure_ReachesTheConsumer_AsTheSameException_AfterWhatWasReadBefore()
    {
        var seen = 0;
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var unused in DecodeAhead.Run(Events(300, failAfter: true), CancellationToken.None))
            {
                seen++;
            }
        });

        Assert.Equal("line 301: broken", error.Message);
        Assert.Equal(300, seen);
    }

    [Fact]
    public async Task A_ConsumerThatStops_StopsTheReader()
    {
        var produced = new StrongBox<int>();
        await foreach (var unused in DecodeAhead.Run(Endless(produced), CancellationToken.None))
        {
            break;
        }

        var stoppedAt = Volatile.Read(ref produced.Value);
        await Task.Yield();
        Assert.Equal(stoppedAt, Volatile.Read(ref produced.Value));
    }

    private static async IAsyncEnumerable<HubbleEvent> Events(int count, bool failAfter = false)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Lost(i);
        }

        await Task.Yield();
        if (failAfter)
        {
            throw new InvalidDataException($"line {count + 1}: broken");
        }
    }

    private static async IAsyncEnumerable<HubbleEvent> Endless(StrongBox<int> produced, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; ; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref produced.Value);
            yield return Lost(i);
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private static LostEventsEvent Lost(int i) => new(new LostEvent { NumEventsLost = (ulong)i }, "node");
}
