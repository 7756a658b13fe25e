namespace FlowAuditor.Core.Diagnostics;

public enum Severity
{
    Info,
    Warning,
    Error,
}
