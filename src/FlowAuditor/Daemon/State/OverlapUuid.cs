using System.Security.Cryptography;
using System.Text;
using FlowAuditor.Core.Flows;

namespace FlowAuditor.Daemon.State;

/// <summary>
/// A flow uuid in the resume overlap: a uuid as its value (any case; agents write lowercase), other text by a
/// 128-bit hash of it, with the text kept for the state file only when the value would not give it back.
/// </summary>
internal readonly record struct OverlapUuid(Guid Key, string? OwnText)
{
    /// <summary>The uuid as it is stored.</summary>
    public string Text => OwnText ?? Key.ToString();

    public static OverlapUuid? Of(FlowRecord flow) =>
        flow.UuidValue is { } value ? new OverlapUuid(value, null) : Of(flow.Uuid);

    public static OverlapUuid? Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Guid.TryParse(text, out var value))
        {
            return new OverlapUuid(value, string.Equals(value.ToString(), text, StringComparison.Ordinal) ? null : text);
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new OverlapUuid(new Guid(hash[..16]), text);
    }
}
