using System.Text.Json;
using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Audit;

/// <summary>Captures as they come in the wild: odd flows are handled, broken lines are named and skipped, nothing seen is lost.</summary>
public sealed class AuditBadInputTests
{
    private const string NetworkPolicy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: prod}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """;

    private const string Web = """{"ID":1,"identity":1234,"namespace":"prod","labels":["k8s:app=web","k8s:io.kubernetes.pod.namespace=prod"],"pod_name":"web-0"}""";
    private const string Api = """{"ID":2,"identity":1235,"namespace":"prod","labels":["k8s:app=api","k8s:io.kubernetes.pod.namespace=prod"],"pod_name":"api-0"}""";

    private static readonly string[] RawLines =
    [
        // 1: GetFlowsResponse wrapper, TCP default deny.
        """{"flow":{"time":"2026-11-20T09:00:00Z","uuid":"a1","verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED","IP":{"source":"10.0.0.1","destination":"10.0.0.2","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":40000,"destination_port":80,"flags":{"SYN":true}}},"source":@WEB@,"destination":@API@,"event_type":{"type":5},"traffic_direction":"INGRESS"},"node_name":"n1","time":"2026-11-20T09:00:00Z"}""",
        // 2: legacy bare flow, IPv6 + ICMPv6 echo request.
        """{"time":"2026-11-20T09:00:01Z","uuid":"a2","verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED","IP":{"source":"fd00::1","destination":"fd00::2","ipVersion":"IPv6"},"l4":{"ICMPv6":{"type":128}},"source":@WEB@,"destination":@API@,"event_type":{"type":5},"traffic_direction":"INGRESS"}""",
        // 3: camelCase JSON, unknown verdict and drop-reason numbers from a newer agent.
        """{"flow":{"time":"2026-11-20T09:00:02Z","uuid":"a3","verdict":42,"dropReasonDesc":250,"IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"UDP":{"sourcePort":5000,"destinationPort":53}},"source":@WEB@,"destination":@API@,"eventType":{"type":5},"trafficDirection":"EGRESS"}}""",
        // 4: a drop with no endpoints at all: incomplete, never guessed to be world.
        """{"flow":{"time":"2026-11-20T09:00:03Z","uuid":"a4","verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED","IP":{"source":"192.0.2.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":1,"destination_port":22}},"event_type":{"type":5},"traffic_direction":"INGRESS"}}""",
        // 5: truncated JSON.
        """{"flow":{"time":"2026-11-20T09:00:04Z","verdict":"DROPP""",
        // 6: not JSON at all.
        "this is not json",
        // 7: wrong-typed field.
        """{"flow":{"time":"2026-11-20T09:00:05Z","verdict":"DROPPED","l4":{"TCP":{"destination_port":"eighty"}}}}""",
        // 8: after the bad lines, a good one is still read.
        """{"flow":{"time":"2026-11-20T09:00:06Z","uuid":"a8","verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":40001,"destination_port":443,"flags":{"SYN":true}}},"source":@WEB@,"destination":@API@,"event_type":{"type":5},"traffic_direction":"INGRESS"}}""",
    ];

    // Declared after RawLines: static fields initialize in order.
    private static readonly string[] Lines = [.. RawLines.Select(l => l.Replace("@WEB@", Web, StringComparison.Ordinal).Replace("@API@", Api, StringComparison.Ordinal))];

    [Fact]
    public async Task MixedCapture_NamesEachBrokenLine_AndStillAuditsEverythingElse()
    {
        using var dir = new TempDirectory();
        var capture = Path.Combine(dir.Path, "mixed.jsonl");
        var policy = Path.Combine(dir.Path, "policy.yaml");
        await File.WriteAllLinesAsync(capture, Lines);
        await File.WriteAllTextAsync(policy, NetworkPolicy);

        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", capture, "--manifests", policy, "-o", "json");

        Assert.Equal(1, code);
        foreach (var line in new[] { 5, 6, 7 })
        {
            Assert.Contains($"mixed.jsonl:{line}:", stderr, StringComparison.Ordinal);
        }

        var report = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(3, report.GetProperty("summary").GetProperty("malformedLines").GetInt32());
        Assert.Equal(5, report.GetProperty("summary").GetProperty("events").GetInt32());
        var denied = report.GetProperty("denied").EnumerateArray().ToList();
        Assert.Contains(denied, e => e.GetProperty("protocol").GetString() == "ICMPv6" && e.GetProperty("port").GetInt32() == 128);
        Assert.Contains(denied, e => e.GetProperty("port").GetInt32() == 443);
        Assert.Equal(1, report.GetProperty("summary").GetProperty("incomplete").GetInt32());
        Assert.DoesNotContain(denied, e => e.GetProperty("peerKind").GetString() == "cidr" || e.GetProperty("port").GetInt32() == 22);
    }

    [Fact]
    public async Task Strict_StopsAtTheFirstBrokenLine_NamingIt()
    {
        using var dir = new TempDirectory();
        var capture = Path.Combine(dir.Path, "mixed.jsonl");
        var policy = Path.Combine(dir.Path, "policy.yaml");
        await File.WriteAllLinesAsync(capture, Lines);
        await File.WriteAllTextAsync(policy, NetworkPolicy);

        var (code, _, stderr) = await CliRun.RunAsync("audit", "--flows", capture, "--manifests", policy, "--strict");

        Assert.Equal(1, code);
        Assert.Contains("mixed.jsonl:5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenManifest_IsNamedWithFileAndLine_AndTheAuditStillRuns()
    {
        using var dir = new TempDirectory();
        var policy = Path.Combine(dir.Path, "broken.yaml");
        await File.WriteAllTextAsync(policy, NetworkPolicy + "\n---\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: prod}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n");

        var (code, stdout, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", policy);

        Assert.Equal(1, code);
        Assert.Contains("broken.yaml:", stderr, StringComparison.Ordinal);
        Assert.Contains("prod/bad", stderr, StringComparison.Ordinal);
        Assert.Contains("ipBlock.cidr", stderr, StringComparison.Ordinal);
        Assert.Contains("Denied traffic", stdout, StringComparison.Ordinal);
    }
}
