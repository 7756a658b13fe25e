using System.IO.Pipelines;
using System.Text;
using FlowAuditor.Hubble.Capture;

namespace FlowAuditor.Hubble.Tests.Capture;

/// <summary>
/// Long inputs and piped inputs: every line comes back in input order with bad lines named at their own line number,
/// nothing is held back while a pipe waits, and a consumer that stops early ends the read cleanly.
/// </summary>
public sealed class CaptureReaderStreamingTests
{
    [Fact]
    public async Task Thousands_of_lines_come_back_in_input_order_with_bad_lines_named_at_their_own_line()
    {
        var bad = new HashSet<int> { 3, 256, 257, 700, 1999 };
        var lines = Enumerable.Range(1, 2500).Select(n => n switch
        {
            _ when bad.Contains(n) => """{"flow":{"uuid":"broken""",
            1000 => "",
            1500 => """{"flow":{"uuid":"huge","Summary":" """ + new string('x', 2000) + "\"}}",
            _ => $$$"""{"flow":{"uuid":"u-{{{n}}}","verdict":"DROPPED"},"node_name":"n1"}""",
        });
        var reader = new CaptureReader(new CaptureReaderOptions { MaxLineBytes = 1000 });

        var uuids = new List<string>();
        await foreach (var response in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "mem"))
        {
            uuids.Add(response.Flow.Uuid);
        }

        var expected = Enumerable.Range(1, 2500).Where(n => !bad.Contains(n) && n is not 1000 and not 1500).Select(n => $"u-{n}");
        Assert.Equal(expected, uuids);
        Assert.Equal([3L, 256L, 257L, 700L, 1500L, 1999L], reader.Stats.Diagnostics.Select(d => d.Line));
        Assert.Equal(2500, reader.Stats.Lines);
        Assert.Equal(2493, reader.Stats.Flows);
    }

    [Fact]
    public async Task Strict_mode_fails_at_the_first_bad_line_after_yielding_every_line_before_it()
    {
        var lines = Enumerable.Range(1, 900).Select(n => n == 600
            ? "not json"
            : $$$"""{"flow":{"uuid":"u-{{{n}}}"}}""");
        var reader = new CaptureReader(new CaptureReaderOptions { Strict = true });
        var seen = 0;

        var failure = await Assert.ThrowsAsync<CaptureFormatException>(async () =>
        {
            await foreach (var response in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), "mem"))
            {
                Assert.Equal($"u-{++seen}", response.Flow.Uuid);
            }
        });

        Assert.Equal(599, seen);
        Assert.Equal(600, failure.Diagnostic.Line);
    }

    [Fact]
    public async Task A_line_is_handed_on_while_the_writer_is_still_open()
    {
        // `hubble observe -f -o json | flowauditor ...`: the reader must not wait for more input to hand on a line.
        var pipe = new Pipe();
        var reader = new CaptureReader();
        await using var enumerator = reader.ReadAsync(pipe.Reader.AsStream(), "stdin").GetAsyncEnumerator();

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"flow":{"uuid":"first"}}""" + "\n"));
        var first = enumerator.MoveNextAsync().AsTask();
        Assert.Same(first, await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.True(await first);
        Assert.Equal("first", enumerator.Current.Flow.Uuid);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("""{"flow":{"uuid":"second"}}"""));
        await pipe.Writer.CompleteAsync();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("second", enumerator.Current.Flow.Uuid);
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public async Task A_consumer_that_stops_early_ends_the_read_cleanly_even_while_input_is_awaited()
    {
        var pipe = new Pipe();
        var reader = new CaptureReader();
        var lines = string.Concat(Enumerable.Range(1, 1000).Select(n => $$$"""{"flow":{"uuid":"u-{{{n}}}"}}""" + "\n"));
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(lines));

        var taken = new List<string>();
        await foreach (var response in reader.ReadAsync(pipe.Reader.AsStream(), "stdin"))
        {
            taken.Add(response.Flow.Uuid);
            if (taken.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"u-{n}"), taken);
        await pipe.Writer.CompleteAsync();
    }
}
