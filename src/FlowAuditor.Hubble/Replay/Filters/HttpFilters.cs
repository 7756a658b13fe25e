using System.Globalization;
using System.Text.RegularExpressions;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// http_status_code, http_method and http_path as the agent reads them (pkg/hubble/filters/http.go). They look at
/// the L7 HTTP record, so a filter with an event_type must include L7 events (type 129) or it is refused.
/// </summary>
internal static class HttpFilters
{
    private const int AccessLogEventType = 129;

    /// <summary>Whether an HTTP field may be combined with the filter's event types.</summary>
    public static bool CompatibleWith(ICollection<EventTypeFilter> eventTypes) =>
        eventTypes.Count == 0 || eventTypes.Any(e => e.Type == AccessLogEventType);

    /// <summary><c>404</c> exactly, or a prefix <c>4+</c> / <c>40+</c>; only responses (a code) match.</summary>
    public static Func<Flow, bool>? StatusCodes(IEnumerable<string> entries, out string? error)
    {
        var full = new List<string>();
        var prefixes = new List<string>();
        foreach (var entry in entries)
        {
            if (Regex.IsMatch(entry, "^[1-5][0-9]{2}$", RegexOptions.CultureInvariant))
            {
                full.Add(entry);
            }
            else if (Regex.IsMatch(entry, "^[1-5][0-9]?\\+$", RegexOptions.CultureInvariant))
            {
                prefixes.Add(entry[..^1]);
            }
            else
            {
                error = $"invalid status code prefix: '{entry}'";
                return null;
            }
        }

        error = null;
        return flow =>
        {
            if (flow.L7?.Http is not { Code: > 0 } http)
            {
                return false;
            }

            var code = http.Code.ToString("000", CultureInfo.InvariantCulture);
            return full.Contains(code) || prefixes.Exists(p => code.StartsWith(p, StringComparison.Ordinal));
        };
    }

    /// <summary>Methods compared ignoring case.</summary>
    public static Func<Flow, bool> Methods(ICollection<string> methods) =>
        flow => flow.L7?.Http is { Method.Length: > 0 } http && methods.Any(m => string.Equals(m, http.Method, StringComparison.OrdinalIgnoreCase));

    /// <summary>Unanchored regular expressions over the path of the request URL; an unparsable URL never matches.</summary>
    public static Func<Flow, bool>? Paths(IEnumerable<string> patterns, out string? error)
    {
        var regexes = FilterPatterns.Regexes(patterns, out error);
        return regexes is null ? null : flow => flow.L7?.Http is { Url.Length: > 0 } http && PathOf(http.Url) is { } path && regexes.Exists(r => r.IsMatch(path));
    }

    // A request URI is absolute (http://host/path?q) or an absolute path (/path?q).
    private static string? PathOf(string url)
    {
        if (url.StartsWith('/'))
        {
            var end = url.IndexOfAny(['?', '#']);
            return Uri.UnescapeDataString(end < 0 ? url : url[..end]);
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : null;
    }
}
