using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Cli.Hubble;

/// <summary>Reads capture files for a command, reporting each malformed line on the error writer.</summary>
internal static class CaptureLoader
{
    public static async Task<(List<GetFlowsResponse> Records, CaptureReadStats Stats)> LoadAsync(
        IEnumerable<string> paths, bool strict, TextWriter error, CancellationToken cancellationToken)
    {
        var reader = new CaptureReader(new CaptureReaderOptions
        {
            Strict = strict,
            OnDiagnostic = diagnostic => error.WriteLine($"warning: {diagnostic}"),
        });
        var records = new List<GetFlowsResponse>();
        await foreach (var record in reader.ReadAsync(paths, cancellationToken).ConfigureAwait(false))
        {
            records.Add(record);
        }

        return (records, reader.Stats);
    }
}
