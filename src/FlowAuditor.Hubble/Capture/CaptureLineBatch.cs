using System.Buffers;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// A run of consecutive capture lines copied out of the read buffer, so they can be parsed on another core while
/// the reader goes on. Parsing fills one result per line; the reader then consumes them in line order, so counts,
/// diagnostics and strict-mode failures stay exactly those of reading line by line.
/// </summary>
internal sealed class CaptureLineBatch : IDisposable
{
    private const int InitialBytes = 256 * 1024;

    private readonly List<Slot> _slots = [];
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private int _used;

    public CaptureLineBatch(long firstLine) => FirstLine = firstLine;

    /// <summary>The 1-based number of the batch's first line in its input.</summary>
    public long FirstLine { get; }

    public int Count => _slots.Count;

    public int Bytes => _used;

    public void Add(in ReadOnlySequence<byte> line)
    {
        var length = checked((int)line.Length);
        if (_bytes.Length - _used < length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _used + length));
            _bytes.AsSpan(0, _used).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = grown;
        }

        line.CopyTo(_bytes.AsSpan(_used));
        _slots.Add(new Slot(_used, length, TooLong: false));
        _used += length;
    }

    /// <summary>A line over the length limit: its content was never buffered.</summary>
    public void AddTooLong() => _slots.Add(new Slot(_used, 0, TooLong: true));

    public bool IsTooLong(int index) => _slots[index].TooLong;

    public ParsedLine Result(int index) => _slots[index].Result;

    /// <summary>Parses every line; safe to run on any thread, once.</summary>
    public CaptureLineBatch Parse()
    {
        for (var i = 0; i < _slots.Count; i++)
        {
            var slot = _slots[i];
            if (slot.TooLong)
            {
                continue;
            }

            var span = Trim(_bytes.AsSpan(slot.Start, slot.Length), FirstLine + i == 1);
            _slots[i] = slot with
            {
                Result = span.IsEmpty
                    ? ParsedLine.Blank
                    : new ParsedLine(CaptureLineParser.Parse(span, out var error), error, IsBlank: false),
            };
        }

        return this;
    }

    public void Dispose()
    {
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span, bool firstLine)
    {
        if (firstLine && span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        return span.Trim(" \t\r"u8);
    }

    private readonly record struct Slot(int Start, int Length, bool TooLong)
    {
        public ParsedLine Result { get; init; }
    }
}
