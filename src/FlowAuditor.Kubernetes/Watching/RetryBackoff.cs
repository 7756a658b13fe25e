namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Exponential delays with jitter between failed attempts; <see cref="Reset"/> after a success starts over.
/// Randomness is injected so tests are deterministic.
/// </summary>
internal sealed class RetryBackoff(KubernetesWatchOptions options, Func<double> random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var growth = Math.Pow(options.BackoffMultiplier, Math.Min(_failures++, 32));
        var bounded = Math.Min(options.InitialBackoff.TotalMilliseconds * growth, options.MaxBackoff.TotalMilliseconds);
        var spread = 1 + (options.BackoffJitter * ((2 * random()) - 1));
        return TimeSpan.FromMilliseconds(bounded * spread);
    }

    public void Reset() => _failures = 0;
}
