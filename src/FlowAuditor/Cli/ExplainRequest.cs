using FlowAuditor.Core.Ports;

namespace FlowAuditor.Cli;

/// <summary>What <c>explain</c> was asked, before the manifests are read.</summary>
internal sealed record ExplainRequest(string? From, string? To, int? Port, Protocol Protocol, string? ProbesFile, bool Json)
{
    /// <summary>Why the option combination is unusable, or null.</summary>
    public string? UsageProblem()
    {
        if (ProbesFile is not null)
        {
            return From is not null || To is not null || Port is not null
                ? "--probes cannot be combined with --from, --to or --port"
                : null;
        }

        if (From is null || To is null)
        {
            return "give --from and --to (with --port), or --probes FILE";
        }

        return Json && Port is null ? "-o json explains one connection per object: give --port" : null;
    }
}
