using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using FlowAuditor.Hubble.Api;

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

    public CaptureReadStats Stats { get; } = new();

    /// <summary>Reads every path in order.</summary>
    public async IAsyncEnumerable<GetFlowsResponse> ReadAsync(
        IEnumerable<string> paths, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            await using var stream = path == StdinPath ? _openStdin() : OpenFile(path);
            await foreach (var response in ReadAsync(stream, path, cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }
        }
    }

    /// <summary>Reads one stream; <paramref name="name"/> is used in diagnostics.</summary>
    public async IAsyncEnumerable<GetFlowsResponse> ReadAsync(
        Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
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
                    var response = tooLong
                        ? Malformed(name, $"line longer than {_options.MaxLineBytes} bytes; skipped")
                        : ParseLine(line, name, ref rented);
                    if (response is not null)
                    {
                        yield return response;
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
        if (span.IsEmpty)
        {
            return null;
        }

        var response = CaptureLineParser.Parse(span, out var error);
        if (response is null)
        {
            return Malformed(name, error ?? "unreadable line");
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

    private GetFlowsResponse? Malformed(string name, string message)
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
