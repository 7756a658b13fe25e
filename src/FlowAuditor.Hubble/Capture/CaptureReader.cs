using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Reads `hubble observe -o json` captures (GetFlowsResponse lines, legacy bare Flow lines, proto or lowerCamel keys)
/// from files, gzip files or stdin (`-`). Malformed lines are reported with file and line, counted and skipped,
/// unless <see cref="CaptureReaderOptions.Strict"/>.
/// </summary>
public sealed class CaptureReader
{
    /// <summary>The path that means standard input.</summary>
    public const string StdinPath = "-";

    // Each read of a file is a thread-pool hop (async file I/O); at 64 KiB, about 30 capture lines, the hops and the
    // pool's spinning around them cost a whole audit more CPU than decoding the lines did (profile of audit, 500k lines).
    private const int ReadSize = 1024 * 1024;

    private readonly CaptureReaderOptions _options;
    private readonly Func<Stream> _openStdin;

    public CaptureReader(CaptureReaderOptions? options = null)
        : this(options, Console.OpenStandardInput)
    {
    }

    internal CaptureReader(CaptureReaderOptions? options, Func<Stream> openStdin)
    {
        _options = options ?? new CaptureReaderOptions();
        _options.Validate();
        _openStdin = openStdin;
    }

    /// <summary>Reads line <paramref name="line"/> of <paramref name="name"/>: null when it yields nothing.</summary>
    private delegate T? LineReader<T>(in ReadOnlySequence<byte> line, string name, ref byte[]? rented)
        where T : class;

    public CaptureReadStats Stats { get; } = new();

    /// <summary>Reads every path in order.</summary>
    public IAsyncEnumerable<GetFlowsResponse> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        ReadPathsAsync(paths, ParseLine, cancellationToken);

    /// <summary>Reads one stream; <paramref name="name"/> is used in diagnostics.</summary>
    public IAsyncEnumerable<GetFlowsResponse> ReadAsync(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadLinesAsync(stream, name, ParseLine, cancellationToken);
    }

    /// <summary>
    /// Reads every path in order into what an audit consumes (flows as Core records, lost events), decoding each
    /// line straight from its JSON where it can (<see cref="Direct.CaptureLineDecoder"/>) and through the general
    /// path otherwise, with the same events, counts and diagnostics as <see cref="ReadAsync(IEnumerable{string}, CancellationToken)"/>
    /// followed by <see cref="FlowRecordMapper"/>.
    /// </summary>
    public IAsyncEnumerable<HubbleEvent> ReadEventsAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default) =>
        ReadPathsAsync(paths, EventReader(), cancellationToken);

    /// <summary>As <see cref="ReadEventsAsync(IEnumerable{string}, CancellationToken)"/>, from one stream.</summary>
    public IAsyncEnumerable<HubbleEvent> ReadEventsAsync(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadLinesAsync(stream, name, EventReader(), cancellationToken);
    }

    // One decoder and one fallback mapper per reading, so their caches span every line of it.
    private LineReader<HubbleEvent> EventReader()
    {
        var decoder = new Direct.CaptureLineDecoder();
        var mapper = new FlowRecordMapper();
        return (in ReadOnlySequence<byte> line, string name, ref byte[]? rented) => DecodeLine(line, name, ref rented, decoder, mapper);
    }

    private async IAsyncEnumerable<T> ReadPathsAsync<T>(
        IEnumerable<string> paths, LineReader<T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            await using var stream = path == StdinPath ? _openStdin() : OpenFile(path);
            await foreach (var item in ReadLinesAsync(stream, path, read, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<T> ReadLinesAsync<T>(
        Stream stream, string name, LineReader<T> read, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadSize, leaveOpen: true));
        var lines = new LineSplitter(_options.MaxLineBytes);
        byte[]? rented = null;
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (lines.TryTake(ref buffer, result.IsCompleted, out var line, out var tooLong))
                {
                    Stats.Lines++;
                    var item = tooLong
                        ? Malformed<T>(name, $"line longer than {_options.MaxLineBytes} bytes; skipped")
                        : read(line, name, ref rented);
                    if (item is not null)
                    {
                        yield return item;
                    }
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private GetFlowsResponse? ParseLine(in ReadOnlySequence<byte> line, string name, ref byte[]? rented)
    {
        var span = Trim(CaptureLineParser.Contiguous(line, ref rented), Stats.Lines == 1);
        return span.IsEmpty ? null : ParseCounted(span, name);
    }

    private HubbleEvent? DecodeLine(in ReadOnlySequence<byte> line, string name, ref byte[]? rented, Direct.CaptureLineDecoder decoder, FlowRecordMapper mapper)
    {
        var span = Trim(CaptureLineParser.Contiguous(line, ref rented), Stats.Lines == 1);
        if (span.IsEmpty)
        {
            return null;
        }

        if (decoder.TryDecode(span, out var flow))
        {
            Stats.Flows++;
            return flow;
        }

        Stats.FallbackLines++;
        return ParseCounted(span, name) is { } response ? CaptureEvents.Of(response, mapper) : null;
    }

    private GetFlowsResponse? ParseCounted(ReadOnlySpan<byte> span, string name)
    {
        var response = CaptureLineParser.Parse(span, out var error);
        if (response is null)
        {
            return Malformed<GetFlowsResponse>(name, error ?? "unreadable line");
        }

        switch (response.ResponseTypesCase)
        {
            case GetFlowsResponse.ResponseTypesOneofCase.Flow:
                Stats.Flows++;
                return response;
            case GetFlowsResponse.ResponseTypesOneofCase.LostEvents:
                Stats.LostEvents++;
                return response;
            case GetFlowsResponse.ResponseTypesOneofCase.NodeStatus:
                Stats.NodeStatuses++;
                return response;
            default:
                Stats.Ignored++;
                return null;
        }
    }

    private T? Malformed<T>(string name, string message)
        where T : class
    {
        var diagnostic = new CaptureDiagnostic(name, Stats.Lines, message);
        Stats.AddDiagnostic(diagnostic, _options.MaxKeptDiagnostics);
        _options.OnDiagnostic?.Invoke(diagnostic);
        if (_options.Strict)
        {
            throw new CaptureFormatException(diagnostic);
        }

        return null;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span, bool firstLine)
    {
        if (firstLine && span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }

        return span.Trim(" \t\r"u8);
    }

    // Gzip is recognised by its magic bytes, not the file name.
    private static Stream OpenFile(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
            : file;
    }
}
