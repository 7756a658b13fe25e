namespace FlowAuditor.Cli.Hubble;

/// <summary><c>-o</c> of <c>observe</c>, with hubble's names.</summary>
internal enum FlowOutput
{
    Compact,
    Dict,
    Table,
    Json,
}
