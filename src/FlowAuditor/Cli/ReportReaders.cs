using System.Diagnostics;

namespace FlowAuditor.Cli;

/// <summary>
/// A client reading <c>/api/v1/report</c> over HTTP at a fixed rate while <c>loadtest</c> runs, so the cost of
/// readers to ingestion can be measured (compare flows/s with and without <c>--report-readers-hz</c>).
/// </summary>
internal sealed class ReportReaders : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _reads;
    private long _failures;
    private long _elapsedTicks;
    private volatile bool _paused;

    public ReportReaders(Uri daemon, double hz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hz);
        _http = new HttpClient { BaseAddress = daemon, Timeout = TimeSpan.FromSeconds(30) };
        _loop = RunAsync(TimeSpan.FromSeconds(1 / hz), _stop.Token);
    }

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Completes after the first read, succeeded or not (it JIT-compiles the report path and opens the connection).</summary>
    public Task FirstRead => _firstRead.Task;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>While set, ticks pass without a read (the connection stays open), so one run can alternate phases with and without readers.</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    public TimeSpan MeanLatency => Reads == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks) / Reads);

    private async Task RunAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_paused)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await _http.GetAsync(new Uri("/api/v1/report", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Add(ref _elapsedTicks, Stopwatch.GetElapsedTime(started).Ticks);
                        Interlocked.Increment(ref _reads);
                    }
                    else
                    {
                        Interlocked.Increment(ref _failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _failures);
                }

                _firstRead.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Whatever ended the loop, nobody waits for a first read that will not come.
            _firstRead.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _http.Dispose();
    }
}
