using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;
using FlowAuditor.Daemon;
using FlowAuditor.Daemon.Metrics;
using FlowAuditor.Tests.Support;
using static FlowAuditor.Tests.Support.ShopTraffic;

namespace FlowAuditor.Tests.Daemon;

/// <summary>
/// A denial that keeps happening keeps counting: the same audited 5-tuple every second for five minutes (flow times
/// and the daemon's clock advanced together) is an attempt per connection window, the denial counter keeps rising
/// between scrapes, and the namespace's audit recency stays below the window.
/// </summary>
public sealed class SteadyStreamTests
{
    [Fact]
    public async Task A_tuple_audited_every_second_for_five_minutes_counts_thirty_attempts_and_keeps_the_namespace_not_ready()
    {
        var time = new ShiftableTime();
        var metrics = new DaemonMetrics(labelCap: 100);
        var options = new DaemonOptions();
        var state = new AuditState(options, metrics, time);
        ShopTraffic.Apply(state, DenyIngress);

        var scrapes = new List<double>();
        for (var second = 0; second < 300; second++)
        {
            state.Observe(Flow(FlowVerdict.Audit, 40000, T0.AddSeconds(second)));
            time.Advance(TimeSpan.FromSeconds(1));
            if (second % 60 == 59)
            {
                scrapes.Add((await RegistryScrape.ScrapeAsync(metrics)).Sum("flowauditor_policy_denials_total", ("namespace", "shop"), ("workload", "backend"), ("verdict", "audit")));
            }
        }

        Assert.Equal([6, 12, 18, 24, 30], scrapes);
        var shop = Assert.Single(state.Readiness.Snapshot(), ns => ns.Namespace == "shop");
        Assert.True(shop.SinceLastAudit < TimeSpan.FromSeconds(options.ConnectionWindowSeconds), $"audit recency {shop.SinceLastAudit}");
        Assert.False(shop.EnforceReady);
    }

    [Fact]
    public async Task A_drop_missing_its_source_is_counted_incomplete_and_does_not_absorb_the_real_attempt()
    {
        var metrics = new DaemonMetrics(labelCap: 100);
        var state = new AuditState(new DaemonOptions(), metrics, new ShiftableTime());
        ShopTraffic.Apply(state, DenyIngress);
        var unknown = new Endpoint(EndpointKind.World, Endpoint.ForEntity(EndpointKind.World).Labels) { Address = Frontend.Address, IsIncomplete = true };

        state.Observe(Flow(FlowVerdict.Audit, 40000, T0, unknown));
        state.Observe(Flow(FlowVerdict.Audit, 40000, T0.AddSeconds(1)));

        var scrape = await RegistryScrape.ScrapeAsync(metrics);
        Assert.Equal(1, scrape.Single("flowauditor_incomplete_flows_total"));
        Assert.Equal(1, scrape.Sum("flowauditor_policy_denials_total", ("workload", "backend"), ("verdict", "audit")));
        var row = Assert.Single(state.BuildReport(new Core.Suggestions.SuggestionOptions()).Denied);
        Assert.Equal(("workload", "shop/{app=frontend}"), (row.Key.PeerKind.ToString().ToLowerInvariant(), row.Key.Peer));
    }
}
