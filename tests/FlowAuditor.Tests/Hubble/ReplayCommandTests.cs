using System.CommandLine;
using FlowAuditor.Cli;

namespace FlowAuditor.Tests.Hubble;

/// <summary>`flowauditor replay`'s agent options refuse bad values with one line naming them, before serving anything.</summary>
public sealed class ReplayCommandTests
{
    [Theory]
    [InlineData("--peer", "node-b", "peer 'node-b': expected NAME=ADDR[,TLS_SERVER_NAME]")]
    [InlineData("--ring-size", "4096", "RingSize must be one less than a power of two and at most 65535 (got 4096)")]
    [InlineData("--same-tuples", null, "SameTuples needs Loop")]
    public async Task A_bad_agent_option_is_one_error_line_and_exit_code_1(string option, string? value, string message)
    {
        var stderr = new StringWriter();
        string[] args = ["replay", "--flows", CliFixtures.PathOf("otel-trace-10-flows.jsonl"), "--listen", "127.0.0.1:0", option, .. value is null ? Array.Empty<string>() : [value]];
        var root = new RootCommand { Subcommands = { ReplayCommand.Create() } };

        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = stderr });

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
