namespace FlowAuditor.Hubble.Tests.Support;

/// <summary>A private temp directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        // Short name: unix socket paths are limited to ~100 bytes.
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fa-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a socket still closing must not fail the test.
        }
    }
}
