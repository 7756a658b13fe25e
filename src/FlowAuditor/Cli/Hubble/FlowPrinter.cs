using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Writes GetFlows responses as <c>hubble observe</c> does (<c>hubble/pkg/printer/printer.go</c>,
/// <c>WriteProtoFlow</c>): compact lines, dict blocks separated by <c>------------</c>, a table (written when
/// <see cref="Complete"/> is called, since column widths depend on every row), or one JSON response per line.
/// </summary>
internal sealed class FlowPrinter(TextWriter output, FlowOutput format, bool printNodeName)
{
    private readonly TextTable _table = new();
    private int _written;

    public void WriteFlow(Flow flow, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(flow);
        switch (format)
        {
            case FlowOutput.Json:
                output.WriteLine(CaptureJson.Format(new GetFlowsResponse { Flow = flow, NodeName = nodeName, Time = flow.Time }));
                break;
            case FlowOutput.Compact:
                output.WriteLine(Compact(flow, printNodeName));
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
                output.WriteLine(CaptureJson.Format(new GetFlowsResponse { LostEvents = lost, NodeName = nodeName }));
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

    /// <summary>Writes what is buffered (the table).</summary>
    public void Complete()
    {
        if (_table.Count > 0)
        {
            _table.WriteTo(output);
        }
    }

    /// <summary>One compact line, without its newline.</summary>
    public static string Compact(Flow flow, bool printNodeName)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (source, destination) = HubbleFlowText.HostNames(flow);
        var (sourceIdentity, destinationIdentity) = HubbleFlowText.Identities(flow);
        var arrow = "->";
        if (flow.IsReply is null)
        {
            arrow = "<>";
        }
        else if (flow.IsReply.Value)
        {
            // A reply is shown from the connection's point of view: the client stays on the left.
            (source, destination) = (destination, source);
            (sourceIdentity, destinationIdentity) = (destinationIdentity, sourceIdentity);
            arrow = "<-";
        }

        var node = printNodeName ? $" [{flow.NodeName}]" : "";
        return $"{HubbleFlowText.Timestamp(flow.Time)}{node}: {source} {sourceIdentity} {arrow} {destination} {destinationIdentity} " +
            $"{HubbleFlowText.FlowType(flow)} {HubbleFlowText.Verdict(flow)} ({HubbleFlowText.SummaryWithAuth(flow)})";
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
