namespace FlowAuditor.Hubble.Capture;

/// <summary>How <see cref="CaptureReader"/> treats its input.</summary>
public sealed class CaptureReaderOptions
{
    /// <summary>Stop at the first malformed line instead of reporting and skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>Longer lines are reported and skipped without being buffered whole.</summary>
    public int MaxLineBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Called for each malformed line (before it is skipped, or before the strict-mode throw).</summary>
    public Action<CaptureDiagnostic>? OnDiagnostic { get; init; }

    /// <summary>Diagnostics kept in <see cref="CaptureReadStats.Diagnostics"/>; later ones are only counted.</summary>
    public int MaxKeptDiagnostics { get; init; } = 1000;

    public void Validate()
    {
        if (MaxLineBytes < 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineBytes), MaxLineBytes, "MaxLineBytes must be at least 64.");
        }

        if (MaxKeptDiagnostics < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxKeptDiagnostics), MaxKeptDiagnostics, "MaxKeptDiagnostics must not be negative.");
        }
    }
}
