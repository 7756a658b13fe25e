namespace FlowAuditor.Kubernetes.Tests.Support;

/// <summary>Waits for a condition with a generous failure guard: tests assert outcomes, never timings.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Guard.TotalSeconds} s waiting until {what}");
            await Task.Delay(10);
        }
    }
}
