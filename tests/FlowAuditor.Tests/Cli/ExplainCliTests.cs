using System.Text.Json;
using FlowAuditor.Tests.Conformance;

namespace FlowAuditor.Tests.Cli;

public sealed class ExplainCliTests
{
    private const string Checkout = "default/checkoutservice-69c8ff664b[ReplicaSet]";
    private const string Cart = "default/cartservice-74f56fd4b[ReplicaSet]";

    private static readonly string Boutique = ConformanceCases.Input("onlineboutique");

    [Fact]
    public async Task FromTo_Text_NamesTheAllowingRulesOfBothSides()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--from", Checkout, "--to", Cart, "--port", "7070");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(
            [
                $"Connections between {Checkout} => {Cart}:",
                "Allowed connections:",
                "\tAllowed TCP:[7070] due to the following policies and rules:",
                "\t\tEgress (Allowed)",
                "\t\t\tNetworkPolicy 'default/checkoutservice-netpol' allows connections by Egress rule #1",
                "\t\tIngress (Allowed)",
                "\t\t\tNetworkPolicy 'default/cartservice-netpol' allows connections by Ingress rule #1",
            ],
            CliRun.Lines(stdout));
    }

    [Fact]
    public async Task FromTo_WithoutPort_ExplainsThePairsWholeConnectionSpace()
    {
        var (code, stdout, _) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--from", Checkout, "--to", Cart);

        Assert.Equal(0, code);
        var lines = CliRun.Lines(stdout);
        Assert.Contains("\tAllowed TCP:[7070] due to the following policies and rules:", lines);
        Assert.Contains("\tDenied TCP:[1-7069,7071-65535], UDP, SCTP due to the following policies and rules:", lines);
        Assert.Contains($"\t\t\tNetworkPolicy 'default/cartservice-netpol' selects {Cart}, and Ingress rule #1 selects {Checkout}, but the protocols and ports do not match", lines);
    }

    [Fact]
    public async Task Json_HasExactlyTheDocumentedFields()
    {
        var (code, stdout, _) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--from", Checkout, "--to", Cart, "--port", "80", "-o", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(Assert.Single(CliRun.Lines(stdout)));
        var root = json.RootElement;
        Assert.Equal(["from", "to", "protocol", "port", "allowed", "egress", "ingress"], Names(root));
        Assert.Equal((Checkout, Cart, "TCP", 80, false), (root.GetProperty("from").GetString(), root.GetProperty("to").GetString(), root.GetProperty("protocol").GetString(), root.GetProperty("port").GetInt32(), root.GetProperty("allowed").GetBoolean()));
        foreach (var direction in new[] { root.GetProperty("egress"), root.GetProperty("ingress") })
        {
            Assert.Equal(["isolated", "isolatedBy", "allowedBy", "denials"], Names(direction));
            Assert.True(direction.GetProperty("isolated").GetBoolean());
            var denial = Assert.Single(direction.GetProperty("denials").EnumerateArray());
            Assert.Equal(["policy", "kind", "rule", "reason"], Names(denial));
            Assert.Equal((1, "ports-mismatch"), (denial.GetProperty("rule").GetInt32(), denial.GetProperty("reason").GetString()));
        }

        var isolatedBy = Assert.Single(root.GetProperty("egress").GetProperty("isolatedBy").EnumerateArray());
        Assert.Equal(("default/checkoutservice-netpol", "NetworkPolicy"), (isolatedBy.GetProperty("policy").GetString(), isolatedBy.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Probes_Json_OneObjectPerProbe_InInputOrder()
    {
        using var dir = new TempManifests();
        var probes = dir.Write("probes.jsonl", $$"""
            {"from":"{{Checkout}}","to":"{{Cart}}","protocol":"TCP","port":7070}
            {"from":"8.8.8.8","to":"{{Cart}}","protocol":"UDP","port":53}

            {"from":"default/cartservice-74f56fd4b-8fjzp","to":"{{Checkout}}","port":5050}
            """);

        var (code, stdout, stderr) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--probes", probes, "-o", "json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var objects = CliRun.Lines(stdout).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([Checkout, "8.8.8.8", "default/cartservice-74f56fd4b-8fjzp"], objects.Select(o => o.GetProperty("from").GetString()));
        Assert.Equal([7070, 53, 5050], objects.Select(o => o.GetProperty("port").GetInt32()));
        Assert.Equal([true, false, false], objects.Select(o => o.GetProperty("allowed").GetBoolean()));
        Assert.Equal("TCP", objects[2].GetProperty("protocol").GetString());

        // From outside: the external side is not isolated; the cart's ingress has no rule selecting it.
        Assert.False(objects[1].GetProperty("egress").GetProperty("isolated").GetBoolean());
        var denial = Assert.Single(objects[1].GetProperty("ingress").GetProperty("denials").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, denial.GetProperty("rule").ValueKind);
        Assert.Equal("no-rule-selects-peer", denial.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Probes_Text_OneBlockPerProbeUnderADashedLine()
    {
        using var dir = new TempManifests();
        var probes = dir.Write("probes.jsonl", $$"""
            {"from":"{{Checkout}}","to":"{{Cart}}","port":7070}
            {"from":"{{Cart}}","to":"{{Checkout}}","port":5050}
            """);

        var (code, stdout, _) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--probes", probes);

        Assert.Equal(0, code);
        var lines = CliRun.Lines(stdout);
        Assert.Equal(2, lines.Count(l => l.Length > 100 && l.All(c => c == '-')));
        Assert.Equal([$"Connections between {Checkout} => {Cart}:", $"Connections between {Cart} => {Checkout}:"], lines.Where(l => l.StartsWith("Connections", StringComparison.Ordinal)));
        Assert.Contains("\tDenied TCP:[5050] due to the following policies and rules:", lines);
    }

    [Fact]
    public async Task NamedPortMissingOnDestination_IsReportedAsNamedPortUnresolved()
    {
        var (code, stdout, _) = await CliRun.RunAsync(
            "explain", "--manifests", ConformanceCases.Input("netpol_named_port_test"),
            "--from", "helloworld/new-pod[Deployment]", "--to", "helloworld/pod-a[Deployment]", "--protocol", "UDP", "--port", "3535", "-o", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var denial = Assert.Single(json.RootElement.GetProperty("ingress").GetProperty("denials").EnumerateArray());
        Assert.Equal((1, "named-port-unresolved"), (denial.GetProperty("rule").GetInt32(), denial.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task UnknownEndpoint_IsAClearUsageError()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--from", "default/nope", "--to", Cart, "--port", "80");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("unknown endpoint 'default/nope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeWithUnknownEndpointOrBadLine_IsReported_AndTheOthersAreStillAnswered()
    {
        using var dir = new TempManifests();
        var probes = dir.Write("probes.jsonl", $$"""
            {"from":"default/ghost[Deployment]","to":"{{Cart}}","port":80}
            {"from":"{{Checkout}}","to":"{{Cart}}","port":"seventy"}
            {"from":"{{Checkout}}","to":"{{Cart}}","port":7070}
            """);

        var (code, stdout, stderr) = await CliRun.RunAsync("explain", "--manifests", Boutique, "--probes", probes, "-o", "json");

        Assert.Equal(1, code);
        Assert.Contains("unknown endpoint 'default/ghost[Deployment]'", stderr, StringComparison.Ordinal);
        Assert.Contains($"{probes}:2: error: \"port\" must be a number", stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(Assert.Single(CliRun.Lines(stdout)));
        Assert.Equal(7070, json.RootElement.GetProperty("port").GetInt32());
    }

    [Theory]
    [InlineData("--port", "80")]
    [InlineData("--from", Checkout, "--to", Cart, "--probes", "p.jsonl")]
    [InlineData("--from", Checkout, "--to", Cart, "-o", "json")]
    public async Task InconsistentOptions_AreUsageErrors(params string[] options)
    {
        var (code, _, stderr) = await CliRun.RunAsync(["explain", "--manifests", Boutique, .. options]);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
