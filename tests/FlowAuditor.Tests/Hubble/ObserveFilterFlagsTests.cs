using FlowAuditor.Cli.Hubble;
using FlowAuditor.Hubble.Client;
using Google.Protobuf;

namespace FlowAuditor.Tests.Hubble;

/// <summary>
/// `observe`'s filter flags become the GetFlows whitelist hubble's CLI sends (hubble/cmd/observe/flows_filter.go):
/// checked as the JSON filters `hubble observe --print-raw-filters` shows.
/// </summary>
public sealed class ObserveFilterFlagsTests
{
    [Theory]
    [InlineData(new[] { "pod", "x" }, """[{"sourcePod":["x"]},{"destinationPod":["x"]}]""")]
    [InlineData(new[] { "from-pod", "web/x" }, """[{"sourcePod":["web/x"]}]""")]
    [InlineData(new[] { "to-pod", "x", "to-pod", "y" }, """[{"destinationPod":["x","y"]}]""")]
    [InlineData(new[] { "namespace", "web" }, """[{"sourcePod":["web/"]},{"destinationPod":["web/"]}]""")]
    [InlineData(new[] { "namespace", "a", "namespace", "b" }, """[{"sourcePod":["a/","b/"]},{"destinationPod":["a/","b/"]}]""")]
    [InlineData(new[] { "pod", "x", "namespace", "web" }, """[{"sourcePod":["web/x"]},{"destinationPod":["web/x"]}]""")]
    [InlineData(new[] { "from-namespace", "web" }, """[{"sourcePod":["web/"]}]""")]
    [InlineData(new[] { "from-namespace", "a", "to-namespace", "b" }, """[{"sourcePod":["a/"],"destinationPod":["b/"]}]""")]
    [InlineData(new[] { "verdict", "DROPPED", "verdict", "AUDIT" }, """[{"verdict":["DROPPED","AUDIT"]}]""")]
    [InlineData(new[] { "namespace", "web", "verdict", "DROPPED" }, """[{"sourcePod":["web/"],"verdict":["DROPPED"]},{"destinationPod":["web/"],"verdict":["DROPPED"]}]""")]
    [InlineData(new[] { "traffic-direction", "Ingress" }, """[{"trafficDirection":["INGRESS"]}]""")]
    [InlineData(new[] { "type", "policy-verdict", "type", "drop" }, """[{"eventType":[{"type":5},{"type":1}]}]""")]
    [InlineData(new[] { "type", "trace:to-endpoint" }, """[{"eventType":[{"type":4,"matchSubType":true}]}]""")]
    [InlineData(new[] { "type", "trace:to-stack" }, """[{"eventType":[{"type":4,"matchSubType":true,"subType":3}]}]""")]
    [InlineData(new[] { "type", "l7", "type", "7:2" }, """[{"eventType":[{"type":129},{"type":7,"matchSubType":true,"subType":2}]}]""")]
    [InlineData(new[] { "ip", "10.0.0.0/8" }, """[{"sourceIp":["10.0.0.0/8"]},{"destinationIp":["10.0.0.0/8"]}]""")]
    [InlineData(new[] { "label", "app=web", "to-port", "80" }, """[{"sourceLabel":["app=web"],"destinationPort":["80"]},{"destinationLabel":["app=web"],"destinationPort":["80"]}]""")]
    [InlineData(new[] { "node-name", "kind-*" }, """[{"nodeName":["kind-*"]}]""")]
    [InlineData(new string[0], "[]")]
    public void Flags_become_hubbles_whitelist(string[] flags, string expected)
    {
        var builder = new FlowFilterFlags();
        for (var i = 0; i < flags.Length; i += 2)
        {
            Assert.Null(builder.Add(flags[i], flags[i + 1]));
        }

        Assert.Equal(expected, "[" + string.Join(",", builder.Build().Select(f => System.Text.Json.Nodes.JsonNode.Parse(JsonFormatter.Default.Format(f))!.ToJsonString())) + "]");
    }

    [Theory]
    [InlineData(new[] { "from-pod", "x", "namespace", "web" }, "filters --from-pod and --namespace cannot be combined")]
    [InlineData(new[] { "namespace", "web", "to-pod", "x" }, "filters --namespace and --to-pod cannot be combined")]
    [InlineData(new[] { "ip", "1.1.1.1", "from-ip", "2.2.2.2" }, "filters --ip and --from-ip cannot be combined")]
    [InlineData(new[] { "namespace", "web", "pod", "db/x" }, "namespace conflict: \"web\" does not contain \"db/x\"")]
    [InlineData(new[] { "verdict", "dropped" }, "invalid --verdict value: dropped")]
    [InlineData(new[] { "traffic-direction", "sideways" }, "sideways: invalid traffic direction, expected ingress or egress")]
    [InlineData(new[] { "type", "nonsense" }, "unable to parse type 'nonsense', not a known type name and unable to parse as numeric value")]
    [InlineData(new[] { "type", "trace:nowhere" }, "unable to parse event sub-type 'nowhere', not a known sub-type name and unable to parse as numeric value")]
    public void Bad_or_conflicting_flags_are_refused_with_hubbles_message(string[] flags, string expected)
    {
        var builder = new FlowFilterFlags();
        string? problem = null;
        for (var i = 0; i < flags.Length && problem is null; i += 2)
        {
            problem = builder.Add(flags[i], flags[i + 1]);
        }

        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Selector_flags_set_number_first_since_and_until_as_hubble_does()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FixedTime(now);

        var plain = Apply(new FlowSelection(0, 0, false, false, null, null), time);
        Assert.Equal((20ul, false, true), (plain.Number, plain.First, plain.Since is null));

        var follow = Apply(new FlowSelection(0, 0, false, true, null, "1m"), time);
        Assert.Equal((0ul, true, (DateTimeOffset?)null), (follow.Number, follow.Follow, follow.Until));

        var all = Apply(new FlowSelection(0, 0, true, false, null, null), time);
        Assert.Equal(ulong.MaxValue, all.Number);

        var first = Apply(new FlowSelection(5, 0, false, false, null, null), time);
        Assert.Equal((5ul, true), (first.Number, first.First));

        var window = Apply(new FlowSelection(0, 0, false, false, "1h30m", "2026-12-01T11:59:00Z"), time);
        Assert.Equal((0ul, now.AddMinutes(-90), now.AddMinutes(-1)), (window.Number, window.Since, window.Until));

        Assert.Equal("cannot set both --first and --last", new FlowSelection(1, 1, false, false, null, null).ApplyTo(new HubbleClientOptions(), time));
        Assert.Equal("cannot set both --last and --all", new FlowSelection(0, 1, true, false, null, null).ApplyTo(new HubbleClientOptions(), time));
        Assert.Equal("cannot set both --first and --follow", new FlowSelection(1, 0, false, true, null, null).ApplyTo(new HubbleClientOptions(), time));
        Assert.StartsWith("failed to parse the since time", new FlowSelection(0, 0, false, false, "yesterday", null).ApplyTo(new HubbleClientOptions(), time), StringComparison.Ordinal);
    }

    private static HubbleClientOptions Apply(FlowSelection selection, TimeProvider time)
    {
        var options = new HubbleClientOptions();
        Assert.Null(selection.ApplyTo(options, time));
        return options;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
