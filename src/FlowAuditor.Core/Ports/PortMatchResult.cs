namespace FlowAuditor.Core.Ports;

/// <summary>How one rule port entry relates to a connection's protocol and port.</summary>
public enum PortMatchResult
{
    NoMatch,
    Match,

    /// <summary>The entry names a port the destination pod does not declare with that protocol.</summary>
    NamedPortUnresolved,
}
