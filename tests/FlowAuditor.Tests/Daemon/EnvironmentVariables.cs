namespace FlowAuditor.Tests.Daemon;

/// <summary>Sets process environment variables for one test and restores the previous values on dispose.</summary>
internal sealed class EnvironmentVariables : IDisposable
{
    /// <summary>Tests that change the environment run alone (no other test runs in parallel with this collection).</summary>
    public const string Collection = "process environment";

    private readonly List<(string Name, string? Previous)> _previous = [];

    public EnvironmentVariables(params (string Name, string Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, previous) in _previous)
        {
            Environment.SetEnvironmentVariable(name, previous);
        }
    }
}
