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

    private const int ReadBytes = 1024 * 1024;
    private const int BatchLines = 256;
    private const int BatchBytes = 512 * 1024;
    private static readonly int MaxBatchesInFlight = Math.Max(2, Environment.ProcessorCount * 2);

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

    /// <summary>
    /// Reads one stream; <paramref name="name"/> is used in diagnostics. Lines are parsed in batches on the thread
    /// pool (JSON decoding is the cost of an offline audit, and the consumer attributes on its own thread meanwhile),
    /// and handed back in input order.
    /// </summary>
    public async IAsyncEnumerable<GetFlowsResponse> ReadAsync(
        Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBytes, minimumReadSize: ReadBytes / 4, leaveOpen: true));
        var lines = new LineSplitter(_options.MaxLineBytes);
        var inFlight = new Queue<Task<CaptureLineBatch>>();
        var nextLine = 1L;
        CaptureLineBatch? batch = null;
        Task<ReadResult>? pending = null;
        try
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var buffer = result.Buffer;
                while (lines.TryTake(ref buffer, result.IsCompleted, out var line, out var tooLong))
                {
                    batch ??= new CaptureLineBatch(nextLine);
                    nextLine++;
                    if (tooLong)
                    {
                        batch.AddTooLong();
                    }
                    else
                    {
                        batch.Add(line);
                    }

                    if (batch.Count >= BatchLines || batch.Bytes >= BatchBytes)
                    {
                        inFlight.Enqueue(StartParse(batch));
                        batch = null;
                    }
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                var completed = result.IsCompleted;
                var more = !completed && pipe.TryRead(out result);
                if (!more && batch is not null)
                {
                    // Nothing more buffered: parse what was read, so a line from a slow pipe is not held back.
                    inFlight.Enqueue(StartParse(batch));
                    batch = null;
                }

                pending = null;
                if (!more && !completed)
                {
                    var read = pipe.ReadAsync(cancellationToken);
                    if (read.IsCompleted)
                    {
                        result = read.Result;
                        more = true;
                    }
                    else
                    {
                        pending = read.AsTask();
                    }
                }

                // Hand on the parsed batches, oldest first: all of them at the end; while waiting for input, those
                // that finish first (a pipe from `hubble observe -f` may pause for long); otherwise only enough to
                // keep the read-ahead bounded.
                while (inFlight.Count > 0)
                {
                    var oldest = inFlight.Peek();
                    if (!completed && inFlight.Count < MaxBatchesInFlight)
                    {
                        if (pending is null)
                        {
                            break;
                        }

                        await Task.WhenAny(oldest, pending).ConfigureAwait(false);
                        if (!oldest.IsCompleted)
                        {
                            break;
                        }
                    }

                    foreach (var response in Consume(await inFlight.Dequeue().ConfigureAwait(false), name))
                    {
                        yield return response;
                    }
                }

                if (completed)
                {
                    break;
                }

                if (pending is not null)
                {
                    result = await pending.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (pending is { IsCompleted: false })
            {
                // The consumer stopped early (`--first N`) while input was awaited.
                pipe.CancelPendingRead();
                await pending.ConfigureAwait(false);
            }

            await pipe.CompleteAsync().ConfigureAwait(false);
            batch?.Dispose();
            while (inFlight.TryDequeue(out var parsing))
            {
                (await parsing.ConfigureAwait(false)).Dispose();
            }
        }
    }

    private static Task<CaptureLineBatch> StartParse(CaptureLineBatch batch) => Task.Run(batch.Parse);

    // In line order: the counts, the diagnostics and a strict-mode failure are those of reading one line at a time.
    private IEnumerable<GetFlowsResponse> Consume(CaptureLineBatch batch, string name)
    {
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Stats.Lines++;
                var response = batch.IsTooLong(i)
                    ? Malformed(name, $"line longer than {_options.MaxLineBytes} bytes; skipped")
                    : Accept(batch.Result(i), name);
                if (response is not null)
                {
                    yield return response;
                }
            }
        }
        finally
        {
            batch.Dispose();
        }
    }

    private GetFlowsResponse? Accept(ParsedLine parsed, string name)
    {
        if (parsed.IsBlank)
        {
            return null;
        }

        var response = parsed.Response;
        if (response is null)
        {
            return Malformed(name, parsed.Error ?? "unreadable line");
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
