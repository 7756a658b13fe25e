using FlowAuditor.Core.Ports;

namespace FlowAuditor.Cli;

/// <summary>One connection to explain: endpoints as the user wrote them, protocol and port.</summary>
internal sealed record ExplainProbe(string From, string To, Protocol Protocol, int Port);
