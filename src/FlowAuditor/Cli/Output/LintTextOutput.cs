using System.Globalization;
using System.Text;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Linting;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>lint</c> text: <c>file:line: severity: Kind ns/name: field: message [rule]</c>, the fix indented under it, and a
/// count by severity.
/// </summary>
internal static class LintTextOutput
{
    public static string Render(IReadOnlyList<LintFinding> findings)
    {
        var text = new StringBuilder();
        foreach (var finding in findings)
        {
            var where = finding.Location;
            var field = where.Field is null ? string.Empty : $"{where.Field}: ";
            text.Append(CultureInfo.InvariantCulture, $"{where.File}:{where.Line}: {Level(finding.Severity)}: {where.Object}: {field}{finding.Message} [{finding.Rule}]\n");
            text.Append(CultureInfo.InvariantCulture, $"    fix: {finding.Fix}\n");
        }

        int Count(Severity s) => findings.Count(f => f.Severity == s);
        string Of(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
        text.Append(CultureInfo.InvariantCulture, $"{Of(findings.Count, "finding")}: {Of(Count(Severity.Error), "error")}, {Of(Count(Severity.Warning), "warning")}, {Count(Severity.Info)} info\n");
        return text.ToString();
    }

    public static string Level(Severity severity) => severity.ToString().ToLowerInvariant();
}
