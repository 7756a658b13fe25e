using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Cli.Output;

/// <summary>Prints every manifest diagnostic to stderr as <c>file:line: severity: object: field: message</c>.</summary>
internal static class DiagnosticsOutput
{
    public static async Task WriteAsync(TextWriter error, ManifestLoadResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
    }
}
