namespace FlowAuditor.Tests.Audit;

/// <summary>The bundled three-tier example (deploy/examples/three-tier), copied into the test output.</summary>
internal static class Example
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Examples", "three-tier");

    public static string Capture => Path.Combine(Directory, "capture.jsonl");

    public static string Manifests => Path.Combine(Directory, "manifests");

    public static string Staged => Path.Combine(Directory, "staged");

    public static string Readme => Path.Combine(Directory, "README.md");
}
