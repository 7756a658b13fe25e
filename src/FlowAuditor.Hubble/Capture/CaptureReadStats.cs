namespace FlowAuditor.Hubble.Capture;

/// <summary>Running counts for one <see cref="CaptureReader"/>.</summary>
public sealed class CaptureReadStats
{
    private readonly List<CaptureDiagnostic> _diagnostics = [];

    public long Lines { get; internal set; }

    public long Flows { get; internal set; }

    public long LostEvents { get; internal set; }

    public long NodeStatuses { get; internal set; }

    /// <summary>Well-formed lines with nothing FlowAuditor reads (e.g. exporter agent events).</summary>
    public long Ignored { get; internal set; }

    public long Malformed { get; internal set; }

    /// <summary>
    /// Lines <see cref="CaptureReader.ReadEventsAsync(IEnumerable{string}, CancellationToken)"/> could not decode
    /// directly and read through the general parser (lost events, node status, rare constructs, malformed lines).
    /// </summary>
    public long FallbackLines { get; internal set; }

    public IReadOnlyList<CaptureDiagnostic> Diagnostics => _diagnostics;

    internal void AddDiagnostic(CaptureDiagnostic diagnostic, int keep)
    {
        Malformed++;
        if (_diagnostics.Count < keep)
        {
            _diagnostics.Add(diagnostic);
        }
    }
}
