using System.Buffers.Text;

namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// A uuid as agents write it (36 bytes: lowercase hex and hyphens, what <see cref="Guid.ToString()"/> makes again),
/// read from its UTF-8 bytes without making its text. Anything else is kept as text by the caller.
/// </summary>
internal static class CanonicalUuid
{
    public static Guid? Parse(ReadOnlySpan<byte> utf8) =>
        utf8.Length == 36
        && !utf8.ContainsAnyInRange((byte)'A', (byte)'Z')
        && Utf8Parser.TryParse(utf8, out Guid value, out var consumed, 'D')
        && consumed == utf8.Length
            ? value
            : null;
}
