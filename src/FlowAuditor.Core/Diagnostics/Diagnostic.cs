namespace FlowAuditor.Core.Diagnostics;

/// <summary>
/// A problem found in user input, located as precisely as we can: file and line, the object (<c>Kind ns/name</c>)
/// and the field path (<c>spec.ingress[0].from[1].ipBlock.cidr</c>). Core reports these instead of throwing.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Message)
{
    public string? File { get; init; }

    public int? Line { get; init; }

    public string? Object { get; init; }

    public string? Field { get; init; }

    /// <summary>
    /// The document could not be read as an object at all (no kind, not a mapping) and was skipped: a warning in a
    /// file read once, but what a file caught half-written looks like when it loaded before.
    /// </summary>
    public bool IncompleteDocument { get; init; }

    public override string ToString()
    {
        var location = File is null ? string.Empty : Line is null ? $"{File}: " : $"{File}:{Line}: ";
        var obj = Object is null ? string.Empty : $"{Object}: ";
        var field = Field is null ? string.Empty : $"{Field}: ";
        return $"{location}{Severity.ToString().ToLowerInvariant()}: {obj}{field}{Message}";
    }
}
