namespace FlowAuditor.Hubble.Client;

/// <summary>Exponential backoff with multiplicative jitter; randomness is injected for deterministic tests.</summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, double multiplier, double jitter, Func<double> random)
{
    /// <summary>Delay before retry number <paramref name="attempt"/> (0 = first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponential = initial.TotalMilliseconds * Math.Pow(multiplier, Math.Min(attempt, 64));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        var factor = 1 + (jitter * ((2 * random()) - 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, capped * factor));
    }
}
