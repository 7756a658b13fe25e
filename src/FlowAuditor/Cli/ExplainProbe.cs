using FlowAuditor.Core.Ports;

namespace FlowAuditor.Cli;

/// <summary>One connection to explain: endpoints as the user wrote them, protocol and port.</summary>
internal sealed record ExplainProbe(string From, string To, Protocol Protocol, int Port)
{
    /// <summary>1-based line in the probe or expectation file; 0 on the command line.</summary>
    public int Line { get; init; }

    /// <summary><c>test</c>: whether the connection must be allowed (<c>"expect":"allow"</c>) or denied.</summary>
    public bool? ExpectAllowed { get; init; }

    /// <summary><c>test</c>: the optional <c>"name"</c> of the expectation, else one built from the connection.</summary>
    public string? Name { get; init; }

    public string Title => Name ?? $"{From} -> {To} {Protocol.Name()}/{Port} must be {(ExpectAllowed == false ? "denied" : "allowed")}";
}
