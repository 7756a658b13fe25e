using System.CommandLine;
using FlowAuditor.Cli;

namespace FlowAuditor;

internal static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    /// <summary>The whole CLI; tests invoke it in-process with redirected output.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FlowAuditor: explains Cilium/Kubernetes network-policy drops and suggests the allow rules that fix them.");
        // commands:
        root.Subcommands.Add(ConnlistCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ObserveCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(LoadTestCommand.Create());
        return root;
    }
}
