namespace FlowAuditor.Tests.Cli;

/// <summary>Command-line mistakes exit 2 (1 is reserved for input errors), with the parser's message.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("audit", "--manifests", "x.yaml")]
    [InlineData("audit", "--flows", "f.jsonl", "--manifests", "x.yaml", "-o", "xml")]
    [InlineData("connlist")]
    [InlineData("no-such-command")]
    [InlineData("loadtest", "--report-readers-hz", "-1")]
    [InlineData("loadtest", "--reader-phase", "10")]
    public async Task UsageErrors_Exit2_WithAMessage(params string[] args)
    {
        var (code, _, stderr) = await CliRun.RunAsync(args);

        Assert.Equal(Program.UsageError, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }
}
