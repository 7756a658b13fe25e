namespace FlowAuditor.Tests.Cli;

/// <summary>A temporary directory of manifest files, deleted on dispose.</summary>
internal sealed class TempManifests : IDisposable
{
    public TempManifests() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "flowauditor-cli-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
