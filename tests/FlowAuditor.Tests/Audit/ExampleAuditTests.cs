using System.Text.Json;
using FlowAuditor.Tests.Cli;

namespace FlowAuditor.Tests.Audit;

/// <summary>
/// `flowauditor audit` on the bundled example concludes what deploy/examples/three-tier/README.md says a correct
/// audit concludes (counts are connection attempts, not events).
/// </summary>
public sealed class ExampleAuditTests
{
    private static Task<JsonElement> AuditJsonAsync() => AuditJsonAsync([Example.Manifests]);

    private static async Task<JsonElement> AuditJsonAsync(string[] manifests, params string[] options)
    {
        var (code, stdout, stderr) = await CliRun.RunAsync(["audit", "--flows", Example.Capture, "--manifests", .. manifests, "-o", "json", .. options]);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static JsonElement Entry(JsonElement report, string direction, string subject, string peer, int port) =>
        Assert.Single(report.GetProperty("denied").EnumerateArray(), e =>
            e.GetProperty("direction").GetString() == direction && e.GetProperty("subject").GetString() == subject
            && e.GetProperty("peer").GetString() == peer && e.GetProperty("port").GetInt32() == port);

    private static string[] IsolatedBy(JsonElement entry) =>
        [.. entry.GetProperty("isolatedBy").EnumerateArray().Select(p => p.GetProperty("policy").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task PrometheusScrapingBackend_Is20DroppedAttempts_DeniedByDefaultDenyWithTheFrontendRuleNotSelectingIt()
    {
        var entry = Entry(await AuditJsonAsync(), "ingress", "production/backend[Deployment]", "monitoring/prometheus-k8s[StatefulSet]", 9090);

        Assert.Equal(20, entry.GetProperty("dropped").GetInt32());
        Assert.Equal("default-deny", entry.GetProperty("outcome").GetString());
        Assert.Equal(["production/allow-frontend-to-backend", "production/default-deny-all"], IsolatedBy(entry));
        Assert.All(entry.GetProperty("denials").EnumerateArray(), d => Assert.Equal("no-rule-selects-peer", d.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task PaymentApiEgress_Is4DroppedAttempts_ToTheObservedAddress()
    {
        var entry = Entry(await AuditJsonAsync(), "egress", "production/backend[Deployment]", "api.payments.example.com", 443);

        Assert.Equal(4, entry.GetProperty("dropped").GetInt32());
        Assert.Equal(["203.0.113.10"], entry.GetProperty("peerAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["production/allow-backend-egress", "production/allow-dns", "production/default-deny-all"], IsolatedBy(entry));
    }

    [Fact]
    public async Task FrontendToDatabase_IsDroppedAtEgress_AndItsIngressDenialIsPredicted()
    {
        var report = await AuditJsonAsync();

        Assert.Equal(2, Entry(report, "egress", "production/frontend[Deployment]", "production/database[StatefulSet]", 5432).GetProperty("dropped").GetInt32());
        var ingress = Entry(report, "ingress", "production/database[StatefulSet]", "production/frontend[Deployment]", 5432);
        Assert.Equal((0, 2), (ingress.GetProperty("dropped").GetInt32(), ingress.GetProperty("predicted").GetInt32()));
    }

    [Fact]
    public async Task ReportingPodsLostDns_AreAuditedDefaultDeniesByTheEmptyEgressPolicy()
    {
        var report = await AuditJsonAsync();

        foreach (var (workload, attempts) in new[] { ("reporting/report-api[Deployment]", 5), ("reporting/nightly-report[CronJob]", 3) })
        {
            var entry = Entry(report, "egress", workload, "kube-system/coredns[Deployment]", 53);
            Assert.Equal((0, attempts), (entry.GetProperty("dropped").GetInt32(), entry.GetProperty("audited").GetInt32()));
            Assert.Equal(["reporting/default-deny-egress"], IsolatedBy(entry));
        }
    }

    [Fact]
    public async Task AuditModeForwards_AreNotReportedAsNotEnforced_AndNothingIsUnexplained()
    {
        var summary = (await AuditJsonAsync()).GetProperty("summary");

        Assert.Equal(0, summary.GetProperty("connections").GetProperty("not-enforced").GetInt32());
        Assert.Equal(0, summary.GetProperty("connections").GetProperty("unexplained").GetInt32());
        Assert.True(summary.GetProperty("auditModeForwards").GetInt32() > 0);
        Assert.Equal(104, summary.GetProperty("attempts").GetInt32());
        Assert.Equal(566, summary.GetProperty("events").GetInt32());
        Assert.Equal(1, summary.GetProperty("nonPolicyDrops").GetProperty("CT_MAP_INSERTION_FAILED").GetInt32());
    }

    [Fact]
    public async Task Suggestions_VerifyAgainstEveryObservedDenial()
    {
        var report = await AuditJsonAsync();

        var verification = report.GetProperty("verification");
        Assert.True(verification.GetProperty("succeeded").GetBoolean());
        Assert.Equal(0, verification.GetProperty("stillDenied").GetInt32());
        Assert.Contains(report.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("name").GetString() == "flowauditor-allow-backend-ingress");
    }

    [Fact]
    public async Task FrontendToDatabase_IsMarkedAsContradictingTheDatabaseRule_OnBothSides()
    {
        var report = await AuditJsonAsync();

        const string Review = "contradicts NetworkPolicy production/allow-backend-to-database rule #1, which admits only app=backend in namespace production";
        foreach (var name in (string[])["flowauditor-allow-frontend-egress", "flowauditor-allow-database-ingress"])
        {
            var suggestion = Assert.Single(report.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("name").GetString() == name);
            Assert.Equal([Review], suggestion.GetProperty("reviews").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains($"# review: {Review}.", suggestion.GetProperty("yaml").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(Assert.Single(report.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("name").GetString() == "flowauditor-allow-backend-ingress").GetProperty("reviews").EnumerateArray());
    }

    [Fact]
    public async Task SuggestSafe_LeavesOutTheLateralMoves_AndStillVerifies()
    {
        var report = await AuditJsonAsync([Example.Manifests], "--suggest-safe");

        Assert.Equal(
            ["flowauditor-allow-backend-egress", "flowauditor-allow-backend-ingress", "flowauditor-allow-dns", "flowauditor-allow-nightly-report-egress"],
            report.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var leftOut = report.GetProperty("notSuggested").EnumerateArray().Where(n => n.GetProperty("reason").GetString()!.StartsWith("left out by --suggest-safe", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, leftOut.Count); // frontend -> database and report-api -> frontend, each on both sides
        Assert.True(report.GetProperty("verification").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task ReportingDns_IsOneNamespaceWidePolicy_SayingWhy()
    {
        var report = await AuditJsonAsync();

        var dns = Assert.Single(report.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("name").GetString() == "flowauditor-allow-dns");
        var yaml = dns.GetProperty("yaml").GetString()!;
        Assert.Equal("reporting", dns.GetProperty("namespace").GetString());
        Assert.Contains("  podSelector: {}\n", yaml, StringComparison.Ordinal);
        Assert.StartsWith("# FlowAuditor suggestion for every pod in namespace reporting (egress): DNS was denied for reporting/nightly-report[CronJob], reporting/report-api[Deployment]", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("admits only what was observed", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(report.GetProperty("suggestions").EnumerateArray(), s => s.GetProperty("namespace").GetString() == "reporting"
            && s.GetProperty("name").GetString() != "flowauditor-allow-dns" && s.GetProperty("yaml").GetString()!.Contains("port: 53", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppliedSuggestions_AllowEveryPreviouslyDeniedConnection()
    {
        using var outDir = new TempDirectory();
        var (code, _, stderr) = await CliRun.RunAsync("audit", "--flows", Example.Capture, "--manifests", Example.Manifests, "--out", outDir.Path);
        Assert.True(code == 0, stderr);

        // Against the old capture, Hubble's verdicts are still DROPPED/AUDIT, but the policies now allow them all.
        var after = await AuditJsonAsync([Example.Manifests, outDir.Path]);

        var connections = after.GetProperty("summary").GetProperty("connections");
        Assert.Equal(0, connections.GetProperty("default-deny").GetInt32());
        Assert.True(connections.GetProperty("unexplained").GetInt32() > 0);
        Assert.Empty(after.GetProperty("suggestions").EnumerateArray());
    }
}
