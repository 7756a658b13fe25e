namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>A clock standing still, for exact rebased times.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
