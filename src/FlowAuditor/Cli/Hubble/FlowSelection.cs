using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Cli.Hubble;

/// <summary>
/// Which part of the ring buffer to read, from hubble's selector flags (<c>getFlowsRequest</c> in
/// <c>hubble/cmd/observe/flows.go</c>): <c>--first</c>, <c>--last</c>, <c>--all</c> (last 2^64-1), <c>--since</c>,
/// <c>--until</c> (ignored with <c>--follow</c>), and the last 20 flows when nothing else is given.
/// </summary>
internal sealed record FlowSelection(ulong First, ulong Last, bool All, bool Follow, string? Since, string? Until, ulong DefaultLast = 20)
{
    /// <summary>Sets number, first, since, until and follow; returns the problem (as hubble words it), or null.</summary>
    public string? ApplyTo(HubbleClientOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var first = First > 0;
        var last = Last > 0;
        var problem = (first, last, All, Follow) switch
        {
            (true, true, _, _) => "cannot set both --first and --last",
            (true, _, true, _) => "cannot set both --first and --all",
            (true, _, _, true) => "cannot set both --first and --follow",
            (_, true, true, _) => "cannot set both --last and --all",
            _ => null,
        };
        if (problem is not null)
        {
            return problem;
        }

        if (Since is not null)
        {
            if (!HubbleTime.TryParse(Since, time, out var since))
            {
                return $"failed to parse the since time: '{Since}' is neither a duration (5m) nor a time (RFC 3339)";
            }

            options.Since = since;
        }

        if (Until is not null && !Follow)
        {
            if (!HubbleTime.TryParse(Until, time, out var until))
            {
                return $"failed to parse the until time: '{Until}' is neither a duration (5m) nor a time (RFC 3339)";
            }

            options.Until = until;
        }

        var number = first ? First : Last;
        if (options.Since is null && options.Until is null && !first)
        {
            number = All ? ulong.MaxValue : Last == 0 && !Follow ? DefaultLast : number;
        }

        options.Number = number;
        options.First = first;
        options.Follow = Follow;
        return null;
    }
}
