using System.Globalization;
using System.Xml.Linq;

namespace FlowAuditor.Cli.Output;

/// <summary>
/// <c>test --junit FILE</c>: one <c>testsuite</c> named after the expectation file, one <c>testcase</c> per line
/// (a mismatch is a <c>failure</c> with the explain reasoning; an unresolvable endpoint or bad line is an
/// <c>error</c>), in the JUnit XML shape CI systems read (Jenkins, GitLab, GitHub actions).
/// </summary>
internal static class JUnitXml
{
    public static string Document(string file, IReadOnlyList<ExpectationCheck> results, IReadOnlyList<string> lineErrors)
    {
        var name = Path.GetFileName(file);
        var cases = results.Select(r => Case(name, r)).Concat(lineErrors.Select(e => new XElement("testcase",
            new XAttribute("classname", name), new XAttribute("name", "unreadable expectation"),
            new XElement("error", new XAttribute("message", e)))));
        var failures = results.Count(r => !r.Passed && r.Error is null);
        var errors = results.Count(r => r.Error is not null) + lineErrors.Count;
        var suite = new XElement("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", Number(results.Count + lineErrors.Count)),
            new XAttribute("failures", Number(failures)),
            new XAttribute("errors", Number(errors)),
            cases);
        var root = new XElement("testsuites",
            new XAttribute("name", "flowauditor test"),
            new XAttribute("tests", Number(results.Count + lineErrors.Count)),
            new XAttribute("failures", Number(failures)),
            new XAttribute("errors", Number(errors)),
            suite);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root + "\n";
    }

    private static XElement Case(string classname, ExpectationCheck result)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", classname),
            new XAttribute("name", $"line {result.Probe.Line}: {result.Probe.Title}"));
        if (result.Error is { } error)
        {
            element.Add(new XElement("error", new XAttribute("message", error)));
        }
        else if (!result.Passed)
        {
            element.Add(new XElement("failure", new XAttribute("message", $"expected {result.Expected}, got {result.Verdict}"), result.Reasoning));
        }

        return element;
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
