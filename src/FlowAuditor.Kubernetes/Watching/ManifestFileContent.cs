namespace FlowAuditor.Kubernetes.Watching;

/// <summary>One manifest file as read: its text, or why it could not be read.</summary>
internal sealed record ManifestFileContent(string Path, string? Text, string? ReadError);
