using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// How far the pipeline got: flows read, flows attributed, whether the stream ended and the queue drained. The demo
/// waits on <see cref="WhenDrained"/>; tests wait on counts.
/// </summary>
internal sealed class PipelineProgress(HubbleClient client)
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _read;
    private long _attributed;

    public long Read => Interlocked.Read(ref _read);

    public long AttributedCount => Interlocked.Read(ref _attributed);

    /// <summary>The Hubble stream is open (false while the client backs off between reconnects).</summary>
    public bool StreamConnected => client.Counters.Connected;

    public Task WhenDrained => _drained.Task;

    public void FlowRead() => Interlocked.Increment(ref _read);

    public void Attributed() => Interlocked.Increment(ref _attributed);

    public void Drained() => _drained.TrySetResult();
}
