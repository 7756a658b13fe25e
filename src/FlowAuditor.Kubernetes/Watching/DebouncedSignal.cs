using System.Threading.Channels;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Coalesces change notifications: <see cref="WaitAsync"/> returns once no <see cref="Raise"/> came for a quiet
/// delay, so a burst of changes (a relist, an editor's truncate-then-write save) costs one rebuild, taken after the
/// burst rather than in its middle. A steady stream of raises still rebuilds every <see cref="MaxQuietPeriods"/>
/// delays. A raise during the rebuild itself is kept and causes the next one.
/// </summary>
internal sealed class DebouncedSignal(TimeSpan delay, TimeProvider timeProvider)
{
    /// <summary>The longest a rebuild is put off by a burst that does not stop, in quiet delays.</summary>
    public const int MaxQuietPeriods = 10;

    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Raise() => _pending.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        for (var period = 0; period < MaxQuietPeriods; period++)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            if (!_pending.Reader.TryRead(out _))
            {
                return;
            }
        }
    }
}
