using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Writes GetFlows responses as <c>hubble observe</c> does (<c>hubble/pkg/printer/printer.go</c>,
/// <c>WriteProtoFlow</c>): compact lines, dict blocks separated by <c>------------</c>, a table (written when
/// <see cref="Complete"/> is called, since column widths depend on every row), or one JSON response per line.
/// Everything goes through one <see cref="OutputBuffer"/>: the caller flushes it when it is full or before it waits
/// for the next flow (<see cref="FlushAsync"/>), and <see cref="Complete"/> writes out the rest.
/// </summary>
internal sealed class FlowPrinter(OutputBuffer output, FlowOutput format, bool printNodeName) : IDisposable
{
    private readonly TextTable _table = new();
    private int _written;

    /// <summary>Prints into <paramref name="writer"/> (the raw stdout stream when it is the console's writer).</summary>
    public FlowPrinter(TextWriter writer, FlowOutput format, bool printNodeName)
        : this(OutputBuffer.For(writer), format, printNodeName)
    {
    }

    /// <summary>Enough is buffered to be worth a write.</summary>
    public bool IsFull => output.IsFull;

    public void WriteFlow(Flow flow, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(flow);
        switch (format)
        {
            case FlowOutput.Json:
                WriteJson(new GetFlowsResponse { Flow = flow, NodeName = nodeName, Time = flow.Time });
                break;
            case FlowOutput.Compact:
                CompactLine.Write(flow, printNodeName, output);
                break;
            case FlowOutput.Dict:
                WriteDict(flow);
                break;
            case FlowOutput.Table:
                AddRow(flow);
                break;
        }

        _written++;
    }

    public void WriteLostEvents(LostEvent lost, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(lost);
        var cpu = (lost.Cpu ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var source = ProtoEnumText.Of(lost.Source);
        switch (format)
        {
            case FlowOutput.Json:
                WriteJson(new GetFlowsResponse { LostEvents = lost, NodeName = nodeName });
                break;
            case FlowOutput.Table:
                if (_table.Count == 0)
                {
                    AddHeader();
                }

                _table.Add(printNodeName ? ["", nodeName, source, "", "EVENTS LOST", "", $"CPU({cpu}) - {lost.NumEventsLost}"] : ["", source, "", "EVENTS LOST", "", $"CPU({cpu}) - {lost.NumEventsLost}"]);
                break;
            default:
                output.WriteLine($"EVENTS LOST: {source} CPU({cpu}) {lost.NumEventsLost}");
                break;
        }
    }

    /// <summary>Writes out what is buffered (so far).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => output.FlushAsync(cancellationToken);

    /// <summary>Writes the table, if any, and everything buffered.</summary>
    public void Complete()
    {
        if (_table.Count > 0)
        {
            var table = new StringWriter { NewLine = "\n" };
            _table.WriteTo(table);
            output.Write(table.ToString());
        }

        output.Flush();
    }

    public void Dispose() => output.Dispose();

    /// <summary>One compact line, without its newline.</summary>
    public static string Compact(Flow flow, bool printNodeName)
    {
        using var line = OutputBuffer.InMemory();
        CompactLine.Write(flow, printNodeName, line);
        line.Truncate(line.Length - 1);
        return line.TextFrom(0);
    }

    // The generic formatter writes what the fast writer does not cover, identically.
    private void WriteJson(GetFlowsResponse response)
    {
        if (!ProtoJsonWriter.TryWrite(response, output))
        {
            output.Write(CaptureJson.Format(response));
        }

        output.Write((byte)'\n');
    }

    private void WriteDict(Flow flow)
    {
        if (_written > 0)
        {
            output.WriteLine("------------");
        }

        var (source, destination) = HubbleFlowText.HostNames(flow);
        output.WriteLine($"  TIMESTAMP: {HubbleFlowText.Timestamp(flow.Time)}");
        if (printNodeName)
        {
            output.WriteLine($"       NODE: {flow.NodeName}");
        }

        output.WriteLine($"     SOURCE: {source}");
        output.WriteLine($"DESTINATION: {destination}");
        output.WriteLine($"       TYPE: {HubbleFlowText.FlowType(flow)}");
        output.WriteLine($"    VERDICT: {HubbleFlowText.Verdict(flow)}");
        // Upstream's dict shows the plain summary, without the auth suffix the other formats add.
        output.WriteLine($"    SUMMARY: {HubbleFlowText.Summary(flow)}");
    }

    private void AddRow(Flow flow)
    {
        if (_table.Count == 0)
        {
            AddHeader();
        }

        var (source, destination) = HubbleFlowText.HostNames(flow);
        var time = HubbleFlowText.Timestamp(flow.Time);
        var rest = new[] { source, destination, HubbleFlowText.FlowType(flow), HubbleFlowText.Verdict(flow), HubbleFlowText.SummaryWithAuth(flow) };
        _table.Add(printNodeName ? [time, flow.NodeName, .. rest] : [time, .. rest]);
    }

    private void AddHeader() =>
        _table.Add(printNodeName
            ? ["TIMESTAMP", "NODE", "SOURCE", "DESTINATION", "TYPE", "VERDICT", "SUMMARY"]
            : ["TIMESTAMP", "SOURCE", "DESTINATION", "TYPE", "VERDICT", "SUMMARY"]);
}
