using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Capture;

/// <summary>One parsed line: a response, or the reason it is malformed, or nothing (a blank line).</summary>
internal readonly record struct ParsedLine(GetFlowsResponse? Response, string? Error, bool IsBlank)
{
    public static readonly ParsedLine Blank = new(null, null, IsBlank: true);
}
