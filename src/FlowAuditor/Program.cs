using System.CommandLine;

namespace FlowAuditor;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("FlowAuditor: explains Cilium/Kubernetes network-policy drops and suggests the allow rules that fix them.");
        // commands:
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
