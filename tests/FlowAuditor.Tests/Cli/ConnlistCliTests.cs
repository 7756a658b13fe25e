using System.Text.Json;
using FlowAuditor.Tests.Conformance;

namespace FlowAuditor.Tests.Cli;

public sealed class ConnlistCliTests
{
    private const string TwoPods = """
        apiVersion: v1
        kind: Pod
        metadata: {name: a, namespace: x, labels: {app: a}}
        status: {podIP: 10.0.0.5}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: b, namespace: x, labels: {app: b}}
        status: {podIP: 10.0.0.6}
        """;

    [Fact]
    public async Task Txt_PrintsTheCaseListingInOrder()
    {
        var (code, stdout, stderr) = await CliRun.RunAsync("connlist", "--manifests", ConformanceCases.Input("onlineboutique"));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var expected = File.ReadAllLines(ConformanceCases.ConnlistFile("onlineboutique")).Where(l => l.Contains(" => ", StringComparison.Ordinal));
        Assert.Equal(expected, CliRun.Lines(stdout));
    }

    [Fact]
    public async Task Json_IsAnArrayOfSrcDstConn_WithTheSamePairsAsTxt()
    {
        var input = ConformanceCases.Input("multiple_topology_resources_2");
        var txt = CliRun.Lines((await CliRun.RunAsync("connlist", "--manifests", input)).Stdout);

        var (code, stdout, _) = await CliRun.RunAsync("connlist", "--manifests", input, "-o", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["src", "dst", "conn"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(txt, items.Select(i => $"{i.GetProperty("src").GetString()} => {i.GetProperty("dst").GetString()} : {i.GetProperty("conn").GetString()}"));
    }

    [Fact]
    public async Task Manifests_TakesSeveralFilesAfterOneFlag()
    {
        var input = ConformanceCases.Input("onlineboutique");
        var files = Directory.GetFiles(input).Order(StringComparer.Ordinal).ToArray();

        var (code, stdout, _) = await CliRun.RunAsync(["connlist", "--manifests", .. files]);

        Assert.Equal(0, code);
        Assert.Equal((await CliRun.RunAsync("connlist", "--manifests", input)).Stdout, stdout);
    }

    [Fact]
    public async Task BadManifest_ExitsOne_NamesFileLineObjectField_AndStillListsWhatLoaded()
    {
        using var dir = new TempManifests();
        dir.Write("pods.yaml", TwoPods);
        var bad = dir.Write("bad.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: broken, namespace: x}
            spec:
              podSelector: {}
              ingress:
              - from:
                - ipBlock:
                    cidr: not-a-cidr
            """);

        var (code, stdout, stderr) = await CliRun.RunAsync("connlist", "--manifests", dir.Root);

        Assert.Equal(1, code);
        Assert.Contains($"{bad}:9: error: NetworkPolicy x/broken: spec.ingress[0].from[0].ipBlock.cidr: invalid CIDR 'not-a-cidr'", stderr, StringComparison.Ordinal);
        Assert.Contains("x/a[Pod] => x/b[Pod] : All Connections", CliRun.Lines(stdout));
    }

    [Fact]
    public async Task IpBlockMatchesPods_LetsCidrRulesMatchPodAddresses()
    {
        using var dir = new TempManifests();
        dir.Write("pods.yaml", TwoPods);
        dir.Write("policy.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: b-from-10, namespace: x}
            spec:
              podSelector: {matchLabels: {app: b}}
              ingress:
              - from:
                - ipBlock: {cidr: 10.0.0.0/8}
            """);

        var cilium = CliRun.Lines((await CliRun.RunAsync("connlist", "--manifests", dir.Root)).Stdout);
        var e2e = CliRun.Lines((await CliRun.RunAsync("connlist", "--manifests", dir.Root, "--ipblock-matches-pods")).Stdout);

        Assert.DoesNotContain(cilium, l => l.StartsWith("x/a[Pod] => x/b[Pod]", StringComparison.Ordinal));
        Assert.Contains("x/a[Pod] => x/b[Pod] : All Connections", e2e);
    }

    [Fact]
    public async Task UnknownOutputFormat_IsRejected()
    {
        var (code, _, stderr) = await CliRun.RunAsync("connlist", "--manifests", ConformanceCases.Input("onlineboutique"), "-o", "yaml");

        Assert.NotEqual(0, code);
        Assert.Contains("yaml", stderr, StringComparison.Ordinal);
    }
}
