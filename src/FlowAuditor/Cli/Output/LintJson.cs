using System.Text;
using FlowAuditor.Core.Linting;

namespace FlowAuditor.Cli.Output;

/// <summary><c>lint -o json</c>: one object per finding per line, fields exactly <c>rule, severity, file, line, object, field, message, fix</c>.</summary>
internal static class LintJson
{
    public static string Lines(IReadOnlyList<LintFinding> findings)
    {
        var text = new StringBuilder();
        foreach (var finding in findings)
        {
            text.Append(JsonText.Build(
                json =>
                {
                    json.WriteStartObject();
                    json.WriteString("rule", finding.Rule);
                    json.WriteString("severity", LintTextOutput.Level(finding.Severity));
                    json.WriteString("file", finding.Location.File);
                    json.WriteNumber("line", finding.Location.Line);
                    json.WriteString("object", finding.Location.Object);
                    json.WriteString("field", finding.Location.Field);
                    json.WriteString("message", finding.Message);
                    json.WriteString("fix", finding.Fix);
                    json.WriteEndObject();
                },
                indented: false)).Append('\n');
        }

        return text.ToString();
    }
}
