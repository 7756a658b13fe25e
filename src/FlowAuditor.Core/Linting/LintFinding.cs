using FlowAuditor.Core.Diagnostics;

namespace FlowAuditor.Core.Linting;

/// <summary>One lint finding: the rule id, how serious, where (file, line, object, field), what is wrong, and the fix.</summary>
public sealed record LintFinding(string Rule, Severity Severity, SourceLocation Location, string Message, string Fix);
