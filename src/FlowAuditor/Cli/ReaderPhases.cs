using System.Diagnostics;

namespace FlowAuditor.Cli;

/// <summary>
/// Alternates phases without and with report readers inside one <c>loadtest</c> run and sums each side's flows and
/// time. This VM's speed drifts by up to a third within minutes, so two separate runs compare two machines; phases a
/// second or two long, interleaved, compare the readers' cost on one. The order is ABBA (without, with, with,
/// without, ...), so a steady drift of the machine's speed during the run cancels out instead of favouring one side.
/// </summary>
internal sealed class ReaderPhases(ReportReaders readers, Func<long> attributed, long phaseFlows)
{
    public long FlowsWithout { get; private set; }

    public TimeSpan TimeWithout { get; private set; }

    public long FlowsWith { get; private set; }

    public TimeSpan TimeWith { get; private set; }

    public int Phases { get; private set; }

    public double RateWithout => FlowsWithout / Math.Max(TimeWithout.TotalSeconds, 1e-9);

    public double RateWith => FlowsWith / Math.Max(TimeWith.TotalSeconds, 1e-9);

    /// <summary>Runs phases (ABBA, without readers first) until <paramref name="total"/> flows are attributed after <paramref name="start"/>.</summary>
    public async Task RunAsync(long start, long total, CancellationToken cancellationToken)
    {
        while (attributed() - start < total)
        {
            var withReaders = Phases % 4 is 1 or 2;
            readers.Paused = !withReaders;
            var phaseStart = attributed();
            var started = Stopwatch.GetTimestamp();
            while (attributed() - phaseStart < phaseFlows && attributed() - start < total)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            var (flows, elapsed) = (attributed() - phaseStart, Stopwatch.GetElapsedTime(started));
            if (withReaders)
            {
                (FlowsWith, TimeWith) = (FlowsWith + flows, TimeWith + elapsed);
            }
            else
            {
                (FlowsWithout, TimeWithout) = (FlowsWithout + flows, TimeWithout + elapsed);
            }

            Phases++;
        }

        readers.Paused = false;
    }
}
