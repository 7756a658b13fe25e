namespace FlowAuditor.Hubble.Capture;

/// <summary>A line of a capture that could not be read, with where it is.</summary>
public sealed record CaptureDiagnostic(string File, long Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
