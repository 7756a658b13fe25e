using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Auditing;

/// <summary>
/// Reads and decodes an audit's events on a thread of their own, ahead of attribution, and hands them over in
/// batches through a bounded channel, in order: decoding and attribution then run on both cores, as the daemon's
/// <c>FlowQueue</c> lets them. Nothing is dropped (the reader waits while the channel is full), and a failure of the
/// reader (a broken stream, a strict capture's bad line) reaches the consumer as the same exception.
/// </summary>
internal static class DecodeAhead
{
    private const int BatchSize = 256;
    private const int BatchesAhead = 16;

    public static async IAsyncEnumerable<HubbleEvent> Run(IAsyncEnumerable<HubbleEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(BatchesAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadAsync(events, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    yield return batch.Items[i];
                }
            }
        }
        finally
        {
            // The consumer stopped early (or failed): the reader must not go on filling a channel nobody reads.
            await stop.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    private static async Task ReadAsync(IAsyncEnumerable<HubbleEvent> events, ChannelWriter<Batch> writer, CancellationToken cancellationToken)
    {
        var items = new HubbleEvent[BatchSize];
        var count = 0;
        try
        {
            await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                items[count++] = item;
                if (count == BatchSize)
                {
                    await writer.WriteAsync(new Batch(items, count), cancellationToken).ConfigureAwait(false);
                    (items, count) = (new HubbleEvent[BatchSize], 0);
                }
            }

        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
            return;
        }
#pragma warning disable CA1031 // Any failure of the reader is handed to the consumer, which rethrows it as its own.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // What was read before the failure is delivered first, as without the read-ahead.
            await FlushAsync(writer, items, count, cancellationToken).ConfigureAwait(false);
            writer.TryComplete(ex);
            return;
        }

        await FlushAsync(writer, items, count, cancellationToken).ConfigureAwait(false);
        writer.TryComplete();
    }

    private static async Task FlushAsync(ChannelWriter<Batch> writer, HubbleEvent[] items, int count, CancellationToken cancellationToken)
    {
        try
        {
            if (count > 0)
            {
                await writer.WriteAsync(new Batch(items, count), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The consumer has stopped: nobody reads what is left.
        }
    }

    private readonly record struct Batch(HubbleEvent[] Items, int Count);
}
