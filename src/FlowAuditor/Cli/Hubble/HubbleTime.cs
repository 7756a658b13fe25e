using System.Globalization;
using System.Text.RegularExpressions;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// <c>--since</c>/<c>--until</c> values as the hubble CLI takes them (<c>hubble/pkg/time</c>): a duration back
/// from now (<c>5m</c>, <c>1h30m</c>, <c>90s</c>, <c>250ms</c>) or an absolute time (RFC 3339, or
/// <c>2006-01-02T15:04:05</c> / <c>2006-01-02 15:04:05</c> / <c>2006-01-02</c> in UTC).
/// </summary>
internal static partial class HubbleTime
{
    private static readonly string[] Layouts =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    public static bool TryParse(string text, TimeProvider time, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(time);
        if (TryParseDuration(text, out var ago))
        {
            value = time.GetUtcNow() - ago;
            return true;
        }

        return DateTimeOffset.TryParseExact(text, Layouts, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    // Go's time.ParseDuration units: h, m, s, ms, us/µs, ns; several may follow each other.
    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || parts.Sum(m => m.Length) != text.Length)
        {
            return false;
        }

        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "us" or "µs" => TimeSpan.FromMicroseconds(amount),
                _ => TimeSpan.FromTicks((long)(amount / 100)),
            };
        }

        return true;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex DurationPart();
}
