namespace FlowAuditor.Tests.Support;

/// <summary>Waits for a condition with a generous failure guard: tests assert outcomes, never timings.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public static async Task Until(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await Until(() => Task.FromResult(condition()), what);
    }

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + Guard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Guard.TotalSeconds} s waiting until {what}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>Polls <paramref name="read"/> until it satisfies <paramref name="accept"/>; returns the accepted value.</summary>
    public static async Task<T> Value<T>(Func<Task<T>> read, Func<T, bool> accept, string what)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        var deadline = DateTime.UtcNow + Guard;
        while (true)
        {
            var value = await read();
            if (accept(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out after {Guard.TotalSeconds} s waiting until {what}; last value: {value}");
            await Task.Delay(Poll);
        }
    }
}
