using FlowAuditor.Core.Readiness;

namespace FlowAuditor.Reporting;

/// <summary>The "Readiness" section of the text report: per namespace, ready or not ready with its reasons.</summary>
internal static class ReadinessText
{
    public static void Write(TextWriter output, IReadOnlyList<ReadinessVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verdicts);
        output.WriteLine("Readiness");
        output.WriteLine("=========");
        output.WriteLine("ready to enforce: AUDIT quiet, no pending suggestions, no staged change would deny, nothing unexplained (offline: over the whole capture)");
        foreach (var verdict in verdicts)
        {
            output.WriteLine($"  {verdict.Namespace}: {verdict.Text}");
        }

        output.WriteLine();
    }
}
