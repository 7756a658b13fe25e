using System.Threading.Channels;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Coalesces change notifications: <see cref="WaitAsync"/> returns a quiet delay after the first <see cref="Raise"/>,
/// absorbing every raise in between, so a burst of changes (a relist, an editor's save) costs one rebuild.
/// A raise during the rebuild itself is kept and causes the next one.
/// </summary>
internal sealed class DebouncedSignal(TimeSpan delay, TimeProvider timeProvider)
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Raise() => _pending.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        _pending.Reader.TryRead(out _);
    }
}
