namespace FlowAuditor.Hubble.Capture;

/// <summary>Thrown in strict mode at the first malformed line.</summary>
public sealed class CaptureFormatException(CaptureDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public CaptureDiagnostic Diagnostic { get; } = diagnostic;
}
