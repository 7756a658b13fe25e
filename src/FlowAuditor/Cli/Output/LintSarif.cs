using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Core.Linting;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>lint -o sarif</c>: a SARIF 2.1.0 log for code scanning (GitHub, GitLab): one run, the rules as the driver's
/// reporting descriptors, each finding a result at its file and line, the object and field as a logical location
/// and the fix in the message.
/// </summary>
internal static class LintSarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static string Document(IReadOnlyList<LintFinding> findings, IReadOnlyList<ILintRule> rules) => JsonText.Build(
        json =>
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "flowauditor");
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Summary);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("results");
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.Rule);
                json.WriteString("level", finding.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" });
                json.WriteStartObject("message");
                json.WriteString("text", $"{finding.Message}. Fix: {finding.Fix}");
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", finding.Location.File.Replace('\\', '/'));
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", Math.Max(1, finding.Location.Line));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartArray("logicalLocations");
                json.WriteStartObject();
                json.WriteString("fullyQualifiedName", finding.Location.Field is null ? finding.Location.Object : $"{finding.Location.Object}: {finding.Location.Field}");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        },
        indented: true);
}
