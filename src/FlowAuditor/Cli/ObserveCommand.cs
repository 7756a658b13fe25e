using System.CommandLine;
using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Client;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Cli;

/// <summary>
/// `flowauditor observe`: prints flows from a Hubble server as `hubble observe` does, with hubble's flag names and
/// meanings (<c>hubble/cmd/observe/flows.go</c>): the filters become the same GetFlows whitelist, the selectors the
/// same <c>number</c>/<c>first</c>/<c>since</c>/<c>until</c>/<c>follow</c>.
/// </summary>
internal static class ObserveCommand
{
    /// <summary>Filter flags in the order they are applied (the result does not depend on it).</summary>
    private static readonly (string Name, string? Alias, string Description)[] FilterFlags =
    [
        ("namespace", "-n", "Show all flows related to the given Kubernetes namespace."),
        ("from-namespace", null, "Show all flows originating in the given Kubernetes namespace."),
        ("to-namespace", null, "Show all flows terminating in the given Kubernetes namespace."),
        ("pod", null, "Show all flows related to the given pod name prefix ([namespace/]<pod-name>)."),
        ("from-pod", null, "Show all flows originating in the given pod name prefix ([namespace/]<pod-name>)."),
        ("to-pod", null, "Show all flows terminating in the given pod name prefix ([namespace/]<pod-name>)."),
        ("ip", null, "Show all flows originating or terminating at the given IP address or CIDR."),
        ("from-ip", null, "Show all flows originating at the given IP address or CIDR."),
        ("to-ip", null, "Show all flows terminating at the given IP address or CIDR."),
        ("label", "-l", "Show only flows related to an endpoint with the given labels (e.g. key1=value1, reserved:world)."),
        ("from-label", null, "Show only flows originating in an endpoint with the given labels."),
        ("to-label", null, "Show only flows terminating in an endpoint with the given labels."),
        ("port", null, "Show only flows with the given port in either source or destination."),
        ("from-port", null, "Show only flows with the given source port."),
        ("to-port", null, "Show only flows with the given destination port."),
        ("node-name", null, "Show all flows which match the given node names (e.g. k8s*, cluster/*.company.com)."),
        ("traffic-direction", null, "Show all flows in the given traffic direction (ingress or egress)."),
        ("verdict", null, "Show only flows with this verdict [FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED]."),
        ("type", "-t", "Filter by event type TYPE[:SUBTYPE] (capture, drop, l7, policy-verdict, trace[:to-endpoint...], trace-sock)."),
    ];

    public static Command Create()
    {
        var server = new Option<string>("--server")
        {
            Description = "unix:///var/run/cilium/hubble.sock, host:port or tls://host:port.",
            DefaultValueFactory = _ => "localhost:4245",
        };
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow flows output (reconnecting and resuming if the stream breaks)." };
        var last = new Option<ulong>("--last") { Description = "Get last N flows stored in Hubble's buffer (default 20 without --follow, --since, --until, --first)." };
        var first = new Option<ulong>("--first") { Description = "Get first N flows stored in Hubble's buffer." };
        var all = new Option<bool>("--all") { Description = "Get all flows stored in Hubble's buffer." };
        var since = new Option<string?>("--since") { Description = "Filter flows since a specific date, relative (5s, 30m, 1h) or absolute (RFC 3339)." };
        var until = new Option<string?>("--until") { Description = "Filter flows until a specific date, relative or absolute (ignored with --follow)." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "compact, dict, table, json or jsonpb (one GetFlowsResponse per line).",
            DefaultValueFactory = _ => "compact",
        };
        output.AcceptOnlyFromAmong("compact", "dict", "table", "tab", "json", "jsonpb");
        var printNodeName = new Option<bool>("--print-node-name") { Description = "Print the node name in the output." };
        var connection = new HubbleConnectionOptions();
        var filters = FilterFlags.Select(f =>
        {
            var option = f.Alias is null ? new Option<string[]>($"--{f.Name}") : new Option<string[]>($"--{f.Name}", f.Alias);
            option.Description = f.Description + " Repeatable (any of the values).";
            return (f.Name, Option: option);
        }).ToList();

        var command = new Command("observe", "Observe flows of a Hubble server (agent socket or relay) like `hubble observe`.");
        foreach (var option in new Option[] { server, follow, last, first, all, since, until, output, printNodeName }
            .Concat(connection.All).Concat(filters.Select(f => f.Option)))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var isFollow = parse.GetValue(follow);
            var format = parse.GetValue(output) switch
            {
                "dict" => FlowOutput.Dict,
                "table" or "tab" => FlowOutput.Table,
                "json" or "jsonpb" => FlowOutput.Json,
                _ => FlowOutput.Compact,
            };
            var builder = new FlowFilterFlags();
            var selection = new FlowSelection(parse.GetValue(first), parse.GetValue(last), parse.GetValue(all), isFollow, parse.GetValue(since), parse.GetValue(until));
            var problem = format == FlowOutput.Table && isFollow ? "table output format is not compatible with follow mode" : null;
            foreach (var (name, option) in filters)
            {
                foreach (var value in parse.GetValue(option) ?? [])
                {
                    problem ??= builder.Add(name, value);
                }
            }

            var options = connection.ClientOptions(parse, parse.GetValue(server)!);
            problem ??= selection.ApplyTo(options, TimeProvider.System);
            if (problem is not null)
            {
                await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return Program.UsageError;
            }

            foreach (var filter in builder.Build())
            {
                options.Whitelist.Add(filter);
            }

            options.MaxConsecutiveFailures = isFollow ? null : 3;
            using var printer = new FlowPrinter(stdout, format, parse.GetValue(printNodeName));
            try
            {
                using var logging = HubbleCliLogging.Create(LogLevel.Warning);
                using var client = new HubbleClient(options, logging);
                await PrintAsync(client, printer, stderr, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or HubbleUnavailableException or RpcException or IOException)
            {
                await stderr.WriteLineAsync($"flowauditor observe: {CliFailure.Describe(ex) ?? CliFailure.WithoutParameter(ex)}").ConfigureAwait(false);
                return CliFailure.Failed;
            }
            finally
            {
                printer.Complete();
            }
        });
        return command;
    }

    // Flows are printed as they arrive; the output is written out in large chunks, and whenever the next flow is not
    // there yet, so a follower sees each flow at once while a dump of the ring costs one write per 64 KiB.
    private static async Task PrintAsync(HubbleClient client, FlowPrinter printer, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = client.ReadEventsAsync(reading.Token).GetAsyncEnumerator(reading.Token);
        try
        {
            while (true)
            {
                var next = events.MoveNextAsync();
                if (!next.IsCompleted || printer.IsFull)
                {
                    await FlushWhileReadingAsync(printer, next, reading, cancellationToken).ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false))
                {
                    return;
                }

                await WriteAsync(events.Current, printer, stderr).ConfigureAwait(false);
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A failed write stops the read in flight before the error goes on, so the stream is not disposed mid-read.
    private static async Task FlushWhileReadingAsync(FlowPrinter printer, ValueTask<bool> next, CancellationTokenSource reading, CancellationToken cancellationToken)
    {
        try
        {
            await printer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await reading.CancelAsync().ConfigureAwait(false);
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The read we just stopped.
            }

            throw;
        }
    }

    // Like the hubble CLI: flows (and lost events) on stdout, relay node status on stderr.
    private static async Task WriteAsync(HubbleEvent item, FlowPrinter printer, TextWriter stderr)
    {
        switch (item)
        {
            case FlowEvent flow:
                printer.WriteFlow(flow.Flow, flow.NodeName);
                break;
            case LostEventsEvent lost:
                printer.WriteLostEvents(lost.LostEvent, lost.NodeName);
                break;
            case NodeStatusChange status:
                await stderr.WriteLineAsync($"{status.Status.StateChange}: {string.Join(", ", status.Status.NodeNames)} {status.Status.Message}".TrimEnd()).ConfigureAwait(false);
                break;
        }
    }
}
