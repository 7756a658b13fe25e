using System.Security.Cryptography;
using System.Text;
using FlowAuditor.Core.Diagnostics;
using FlowAuditor.Kubernetes.Manifests;

namespace FlowAuditor.Kubernetes.Watching;

/// <summary>
/// The manifest files of a policies directory, and a fingerprint of their content. Hidden entries (names starting
/// with a dot) are skipped: a mounted ConfigMap keeps every file twice, once under <c>..2024_01_01_00_00_00.1/</c>
/// and once through the <c>..data</c> symlinks, and a Git checkout has <c>.git/</c>.
/// </summary>
internal sealed class ManifestDirectory(string path)
{
    public string Path => path;

    public IReadOnlyList<string> Files(ICollection<Diagnostic> diagnostics) =>
        [.. ManifestFiles.Expand([path], diagnostics).Where(f => !IsHidden(f))];

    /// <summary>
    /// A hash over the file names and contents. Content rather than timestamps: a ConfigMap update swaps a symlink,
    /// which leaves the timestamps seen through the links unreliable, and directories of policies are small.
    /// </summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files([]))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable now (mid-swap, permissions): the load reports it; the fingerprint just marks it.
                hash.AppendData("\0unreadable\0"u8);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private bool IsHidden(string file) =>
        System.IO.Path.GetRelativePath(path, file).Split(System.IO.Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'));
}
