using System.Globalization;
using System.Text;

namespace FlowAuditor.Cli.Output;

/// <summary><c>test</c> text: <c>ok</c> or <c>FAIL</c> per expectation, each failure with its reasoning, then the counts.</summary>
internal static class TestTextOutput
{
    public static string Render(IReadOnlyList<ExpectationCheck> results)
    {
        var text = new StringBuilder();
        foreach (var result in results)
        {
            if (result.Passed)
            {
                text.Append(CultureInfo.InvariantCulture, $"ok    line {result.Probe.Line}: {result.Probe.Title}\n");
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"FAIL  line {result.Probe.Line}: {result.Probe.Title}\n");
            text.Append(result.Error is { } error
                ? $"      {error}\n"
                : string.Create(CultureInfo.InvariantCulture, $"      expected {result.Expected}, but the policies leave it {result.Verdict}:\n"));
            foreach (var line in (result.Reasoning ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append("      ").Append(line).Append('\n');
            }
        }

        var failed = results.Count(r => !r.Passed);
        text.Append(CultureInfo.InvariantCulture, $"{results.Count} expectations: {results.Count - failed} passed, {failed} failed\n");
        return text.ToString();
    }
}
