using System.Security.Cryptography;
using System.Text;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// The manifest files of a policies directory, read in one pass, and a fingerprint of their content. Hidden entries
/// (names starting with a dot) are skipped: a mounted ConfigMap keeps every file twice, once under
/// <c>..2024_01_01_00_00_00.1/</c> and once through the <c>..data</c> symlinks, a Git checkout has <c>.git/</c>, and
/// editors write their temporary files as <c>.name.swp</c> or <c>.name.tmp</c> before renaming them over the original.
/// </summary>
internal sealed class ManifestDirectory(string path)
{
    public string Path => path;

    /// <summary>Every manifest file with its text, or the reason it could not be read (mid-swap, permissions).</summary>
    public IReadOnlyList<ManifestFileContent> Read(ICollection<Diagnostic> diagnostics)
    {
        var files = new List<ManifestFileContent>();
        foreach (var file in ManifestFiles.Expand([path], diagnostics).Where(f => !IsHidden(f)))
        {
            try
            {
                files.Add(new ManifestFileContent(file, File.ReadAllText(file), null));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                files.Add(new ManifestFileContent(file, null, e.Message));
            }
        }

        return files;
    }

    /// <summary>
    /// A hash over the file names and contents. Content rather than timestamps: a ConfigMap update swaps a symlink,
    /// which leaves the timestamps seen through the links unreliable, and directories of policies are small.
    /// </summary>
    public static string Fingerprint(IEnumerable<ManifestFileContent> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path + "\0"));
            hash.AppendData(file.Text is null ? "\0unreadable\0"u8 : Encoding.UTF8.GetBytes(file.Text));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private bool IsHidden(string file) =>
        System.IO.Path.GetRelativePath(path, file).Split(System.IO.Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'));
}
