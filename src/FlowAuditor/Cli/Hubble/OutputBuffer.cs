using System.Buffers;
using System.Text;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Output as UTF-8 bytes in one pooled buffer, written out in large chunks: to the raw stdout stream when the
/// target is the console (its writer flushes and re-encodes every line, which cost more than formatting the flows),
/// else to the given writer (tests). Lines are only written out whole, so a caller can drop a half-written line
/// (<see cref="Truncate"/>) and a writer never sees part of a character.
/// </summary>
internal sealed class OutputBuffer : IDisposable
{
    /// <summary>Written out once this much is buffered: large writes, little memory.</summary>
    public const int FlushThreshold = 64 * 1024;

    private readonly Stream? _stream;
    private readonly TextWriter? _writer;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(FlushThreshold * 2);
    private int _length;

    private OutputBuffer(Stream? stream, TextWriter? writer)
    {
        _stream = stream;
        _writer = writer;
    }

    public int Length => _length;

    public bool IsFull => _length >= FlushThreshold;

    /// <summary>Raw stdout when <paramref name="writer"/> is the console's writer, the writer itself otherwise.</summary>
    public static OutputBuffer For(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (ReferenceEquals(writer, Console.Out))
        {
            writer.Flush();
            return new OutputBuffer(Console.OpenStandardOutput(), null);
        }

        return new OutputBuffer(null, writer);
    }

    /// <summary>A buffer that is never written out: read it with <see cref="ToArray"/> or <see cref="TextFrom"/>.</summary>
    public static OutputBuffer InMemory() => new(null, TextWriter.Null);

    /// <summary>Room for at least <paramref name="size"/> bytes at the end; <see cref="Advance"/> says how many were used.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_buffer.Length - _length < size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Write(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void Write(ReadOnlySpan<char> text)
    {
        if (Ascii.IsValid(text))
        {
            _length += Encoding.ASCII.GetBytes(text, GetSpan(text.Length));
            return;
        }

        _length += Encoding.UTF8.GetBytes(text, GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
    }

    /// <summary>Text the caller knows is ASCII, narrowed in one pass.</summary>
    public void WriteAscii(ReadOnlySpan<char> text)
    {
        var status = Ascii.FromUtf16(text, GetSpan(text.Length), out var written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("not ASCII", nameof(text));
        }

        _length += written;
    }

    public void WriteLine(ReadOnlySpan<char> text)
    {
        Write(text);
        Write((byte)'\n');
    }

    public void Write<T>(T value)
        where T : IUtf8SpanFormattable
    {
        var size = 32;
        int written;
        while (!value.TryFormat(GetSpan(size), out written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            size *= 2;
        }

        _length += written;
    }

    /// <summary>Drops what was written after <paramref name="length"/> (a line that is written another way).</summary>
    public void Truncate(int length) => _length = Math.Min(_length, length);

    /// <summary>The bytes written since <paramref name="start"/>, as text (tests, single lines).</summary>
    public string TextFrom(int start) => Encoding.UTF8.GetString(_buffer, start, _length - start);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_length == 0)
        {
            return;
        }

        if (_stream is not null)
        {
            await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _writer!.WriteAsync(Encoding.UTF8.GetString(_buffer, 0, _length).AsMemory(), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _length = 0;
    }

    public void Flush()
    {
        if (_length == 0)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(_buffer, 0, _length);
            _stream.Flush();
        }
        else
        {
            _writer!.Write(Encoding.UTF8.GetString(_buffer, 0, _length));
            _writer.Flush();
        }

        _length = 0;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _stream?.Dispose();
    }
}
