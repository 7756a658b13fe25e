using System.Security.Cryptography;
using System.Text;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// Keeps the policies directory from shrinking by accident. A file that stops loading (a YAML error, an invalid
/// object, a document cut before its kind, unreadable, or suddenly empty: a non-atomic write truncates before it
/// writes) keeps its last good text in
/// the snapshot, reported as stale with the reason, until it loads again. Only deleting a file removes its content.
/// A file that never loaded is taken as it is: its valid objects load, the rest are reported.
/// </summary>
internal sealed class LastGoodFiles
{
    private Dictionary<string, GoodFile> _good = new(StringComparer.Ordinal);

    /// <summary>What to load for each file now, the diagnostics of stale files, and the rejected inputs by identity.</summary>
    public LastGoodSelection Select(IReadOnlyList<ManifestFileContent> files)
    {
        var inputs = new List<(string Source, string Text)>(files.Count);
        var diagnostics = new List<Diagnostic>();
        var rejected = new List<string>();
        var good = new Dictionary<string, GoodFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var last = _good.GetValueOrDefault(file.Path);
            var (problems, incomplete) = Problems(file, last);
            if (problems.Count == 0)
            {
                inputs.Add((file.Path, file.Text!));
                good[file.Path] = new GoodFile(file.Text!, incomplete);
                continue;
            }

            rejected.Add($"{file.Path}#{ContentHash(file.Text)}");
            if (last is not null)
            {
                inputs.Add((file.Path, last.Text));
                good[file.Path] = last;
                diagnostics.AddRange(problems);
                diagnostics.Add(new Diagnostic(Severity.Warning, "stale: the file does not load now; its last good content stays in force until it does") { File = file.Path });
            }
            else if (file.Text is { } text)
            {
                // Never loaded before: load what is valid of it, as `audit` would.
                inputs.Add((file.Path, text));
            }
            else
            {
                diagnostics.AddRange(problems);
            }
        }

        _good = good;
        return new LastGoodSelection(inputs, diagnostics, rejected);
    }

    // The problems that keep a file's last good content, and how many of its documents are no object.
    private static (List<Diagnostic> Problems, int Incomplete) Problems(ManifestFileContent file, GoodFile? last)
    {
        if (file.Text is null)
        {
            return ([new Diagnostic(Severity.Error, $"cannot read: {file.ReadError}") { File = file.Path }], 0);
        }

        if (string.IsNullOrWhiteSpace(file.Text))
        {
            // An empty file is fine on its own, but one that had content is most likely being rewritten.
            return (last is not null ? [new Diagnostic(Severity.Error, "the file is empty") { File = file.Path }] : [], 0);
        }

        // A document skipped as no object at all is only a warning for a new file, but a file that loaded before and
        // now has more of them was most likely cut mid-write (`kind` comes after `apiVersion`): keep its last good
        // content. One that had such a document when it loaded keeps loading, and its edits are taken.
        var diagnostics = ManifestLoader.LoadText(file.Text, file.Path).Diagnostics;
        var incomplete = diagnostics.Count(d => d.IncompleteDocument);
        var cut = last is not null && incomplete > last.Incomplete;
        return ([.. diagnostics.Where(d => d.Severity == Severity.Error || (cut && d.IncompleteDocument))], incomplete);
    }

    private static string ContentHash(string? text) =>
        text is null ? "unreadable" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private sealed record GoodFile(string Text, int Incomplete);
}
