using System.Globalization;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Cli;

/// <summary>
/// <c>loadtest --decode-only</c>: the same looping replay stream read by the daemon's fast path (gRPC, wire decode,
/// de-duplication) and dropped, so the figure is the ceiling attribution could reach with this server and decoder.
/// </summary>
internal static class DecodeOnlyLoad
{
    public static async Task RunAsync(string hubbleAddress, long warmup, long target, bool fieldMask, TextWriter output, CancellationToken cancellationToken)
    {
        using var client = new HubbleClient(new HubbleClientOptions { Address = hubbleAddress, Follow = true, FieldMask = fieldMask });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long flows = 0, start = 0;
        RunCost? cost = null;
        try
        {
            await foreach (var item in client.ReadRecordsAsync(stop.Token).ConfigureAwait(false))
            {
                if (item is not FlowRecordEvent)
                {
                    continue;
                }

                // Measure after the warm-up, as the full loadtest does.
                if (++flows == warmup + 1)
                {
                    cost = new RunCost(client.Counters);
                    start = flows;
                }
                else if (start > 0 && flows - start >= target)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        if (cost is null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"decoded {flows:N0} flows, the stream ended within the warm-up of {warmup:N0}: nothing measured")).ConfigureAwait(false);
            return;
        }

        var (elapsed, cpu, measured) = (cost.Elapsed, cost.Cpu, flows - start);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"decoded {measured:N0} flows in {elapsed.TotalSeconds:F2} s: {measured / elapsed.TotalSeconds:N0} flows/s decode-only ceiling (replay server, gRPC, wire decode; records dropped)")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"CPU {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / elapsed.TotalSeconds:F2} cores), {(double)cost.WireBytes / measured:F0} bytes/flow on the wire (field_mask {(fieldMask ? "on" : "off")}), {(double)cost.Allocated / measured:F0} bytes/flow allocated (whole process, server included)")).ConfigureAwait(false);
        await output.WriteLineAsync($"JIT: {DynamicPgo.Describe()}").ConfigureAwait(false);
    }
}
