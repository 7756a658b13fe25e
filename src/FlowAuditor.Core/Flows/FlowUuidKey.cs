using System.Security.Cryptography;
using System.Text;

namespace FlowAuditor.Core.Flows;

/// <summary>
/// The 128-bit identity by which a resumed stream's repeats are told: a uuid's value (in any form
/// <see cref="Guid.TryParse(string?, out Guid)"/> reads), other uuid text, or the bytes of a flow that has no uuid,
/// by the first 128 bits of their SHA-256.
/// </summary>
public static class FlowUuidKey
{
    public static Guid Of(string uuid) =>
        Guid.TryParse(uuid, out var value) ? value : OfBytes(Encoding.UTF8.GetBytes(uuid));

    public static Guid OfBytes(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return new Guid(hash[..16]);
    }
}
