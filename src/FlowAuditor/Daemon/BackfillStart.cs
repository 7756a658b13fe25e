using System.Globalization;
using System.Text.RegularExpressions;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Daemon;

/// <summary>
/// Where the daemon's stream starts. After a restart: at the stored stream position (minus the overlap, whose
/// duplicates are dropped), whatever the flags. On a first start: what the agent's ring buffer holds
/// (<c>--since DURATION|TIME</c> limits how far back, <c>--no-backfill</c> follows from now only).
/// </summary>
internal static partial class BackfillStart
{
    public static StreamStart Choose(DaemonOptions options, DateTimeOffset? resumeFrom, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (resumeFrom is { } resume)
        {
            return new StreamStart(resume, 0);
        }

        if (!options.Backfill)
        {
            return StreamStart.Now;
        }

        return options.Since is { } since && TryParseSince(since, now, out var from) ? new StreamStart(from, 0) : StreamStart.WholeRing;
    }

    /// <summary>A duration back from now (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1h30m</c>) or an RFC 3339 time.</summary>
    public static bool TryParseSince(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = DurationPattern().Match(text.Trim());
        if (match.Success && match.Length > 0)
        {
            var duration = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var value = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
                duration += part.Value[^1] switch
                {
                    'h' => TimeSpan.FromHours(value),
                    'm' => TimeSpan.FromMinutes(value),
                    _ => TimeSpan.FromSeconds(value),
                };
            }

            since = now - duration;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[hms])+$")]
    private static partial Regex DurationPattern();
}
