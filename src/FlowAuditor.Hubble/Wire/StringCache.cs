using System.Text;

namespace FlowAuditor.Hubble.Wire;

/// <summary>Interned UTF-8 strings: each distinct short string that repeats is decoded once.</summary>
internal sealed class StringCache
{
    private readonly Utf8Cache<string> _cache = new(static bytes => Encoding.UTF8.GetString(bytes));

    public string Get(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : _cache.Get(bytes);
}
