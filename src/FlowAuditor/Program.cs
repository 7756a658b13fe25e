using System.CommandLine;
using System.Runtime.InteropServices;
using FlowAuditor.Cli;

namespace FlowAuditor;

internal static class Program
{
    /// <summary>Exit code for command-line usage errors (1 means input errors, documented per command).</summary>
    public const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        // SIGTERM (what Kubernetes and `kill` send) cancels like Ctrl-C, so every command stops gracefully.
        using var terminate = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            terminate.Cancel();
        });
        return await RunAsync(args, cancellationToken: terminate.Token).ConfigureAwait(false);
    }

    /// <summary>Parses and runs; a usage error prints the parser's messages and exits 2.</summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parsed = BuildRoot().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await configuration.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await configuration.Error.WriteLineAsync("Run with --help for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Failures a user can cause are one line naming the thing and the cause (CliFailure); only bugs get a trace.
        configuration.EnableDefaultExceptionHandler = false;
        var command = parsed.CommandResult.Command.Name;
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CliFailure.Describe(e) is { } message && !cancellationToken.IsCancellationRequested)
        {
            await configuration.Error.WriteLineAsync($"flowauditor {command}: {message}").ConfigureAwait(false);
            return CliFailure.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync($"flowauditor {command}: internal error (please report it): {e}").ConfigureAwait(false);
            return CliFailure.InternalError;
        }
    }

    /// <summary>The whole CLI; tests invoke it in-process with redirected output.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("FlowAuditor: explains Cilium/Kubernetes network-policy drops and suggests the allow rules that fix them.");
        // commands:
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ObserveCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(LoadTestCommand.Create());
        root.Subcommands.Add(ConnlistCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(LintCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        return root;
    }
}
