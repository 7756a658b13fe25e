namespace FlowAuditor.Daemon.Pipeline;

/// <summary>
/// How far the pipeline got: flows read, flows attributed, whether the stream ended and the queue drained. The demo
/// waits on <see cref="WhenDrained"/>; tests wait on counts.
/// </summary>
internal sealed class PipelineProgress
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _read;
    private long _attributed;
    private int _connected;

    public long Read => Interlocked.Read(ref _read);

    public long AttributedCount => Interlocked.Read(ref _attributed);

    public bool StreamConnected => Volatile.Read(ref _connected) == 1;

    public Task WhenDrained => _drained.Task;

    public void FlowRead() => Interlocked.Increment(ref _read);

    public void Attributed() => Interlocked.Increment(ref _attributed);

    public void Connected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    public void Drained() => _drained.TrySetResult();
}
