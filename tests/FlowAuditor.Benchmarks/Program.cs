using BenchmarkDotNet.Running;

namespace FlowAuditor.Benchmarks;

internal static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["soak", ..])
        {
            Soak.WorkingSetSoak.Run(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
