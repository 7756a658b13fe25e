namespace FlowAuditor.Core.Diagnostics;

/// <summary>
/// Where something was written: file, line, the object (<c>Kind ns/name</c> or <c>Kind name</c>) and the field path
/// (<c>spec.egress[0].to[1]</c>). Kept on loaded policies and pods so findings about them can point at the source.
/// </summary>
public sealed record SourceLocation(string File, int Line, string Object, string? Field = null)
{
    public override string ToString() => Field is null ? $"{File}:{Line}: {Object}" : $"{File}:{Line}: {Object}: {Field}";
}
