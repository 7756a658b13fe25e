namespace FlowAuditor.Core.Linting;

/// <summary>One lint rule: a pure check over the loaded model. One implementation per file under <c>Rules/</c>.</summary>
public interface ILintRule
{
    /// <summary>The stable id users filter and suppress by (<c>dns-egress-blocked</c>).</summary>
    string Id { get; }

    /// <summary>What the rule flags, in one sentence (SARIF rule descriptions, <c>docs/lint.md</c>).</summary>
    string Summary { get; }

    IEnumerable<LintFinding> Check(LintContext context);
}
