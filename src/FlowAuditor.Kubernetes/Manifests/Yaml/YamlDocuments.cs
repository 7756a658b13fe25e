using FlowAuditor.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Yaml;

/// <summary>Parses a YAML (or JSON, which is YAML) text into document roots, reporting syntax errors by line.</summary>
internal static class YamlDocuments
{
    /// <summary>
    /// The roots of the documents in <paramref name="text"/>. On a syntax error the documents before it are still
    /// returned: a broken document cannot be resynchronised, but earlier ones are whole.
    /// </summary>
    public static IReadOnlyList<YamlNode> Parse(string text, string file, ICollection<Diagnostic> diagnostics)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var detail = e.InnerException is { Message.Length: > 0 } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            diagnostics.Add(SyntaxError(file, Clamp(e.Start.Line, text), detail, stream.Documents.Count));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some truncated input; the last good event locates it.
            diagnostics.Add(SyntaxError(file, Clamp(parser.LastMark.Line, text), e.Message, stream.Documents.Count));
        }

        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    // YamlDotNet places end-of-input errors on the line after the last one when the text lacks a final newline.
    private static long Clamp(long line, string text)
    {
        var lines = text.Count(c => c == '\n') + (text.EndsWith('\n') ? 0 : 1);
        return Math.Min(line, lines);
    }

    private static Diagnostic SyntaxError(string file, long line, string detail, int loaded)
    {
        var rest = loaded == 0 ? "file skipped" : "this document and the rest of the file skipped";
        return new Diagnostic(Severity.Error, $"malformed YAML: {detail.TrimEnd('.')}; {rest}")
        {
            File = file,
            Line = line > 0 ? (int)line : null,
        };
    }
}
