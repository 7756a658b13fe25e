using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Evaluation;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Staging;
using FlowAuditor.Core.Tests.Support;
using static FlowAuditor.Core.Tests.Support.TestPolicies;

namespace FlowAuditor.Core.Tests.Staging;

public sealed class StagedAnalyzerTests
{
    private static readonly Endpoint Frontend = TestPods.Make("production", "frontend", address: "10.0.0.1");
    private static readonly Endpoint Backend = TestPods.Make("production", "backend", address: "10.0.0.2");
    private static readonly Endpoint Database = TestPods.Make("production", "database", "StatefulSet", address: "10.0.0.3");

    private static readonly Policy DenyAll = DefaultDeny("production");
    private static readonly Policy FrontendEgress = AllowEgress("production", "allow-frontend-egress", Pods("production", ("app", "frontend")),
        Rule(TrafficDirection.Egress, 1, new SelectorPeer(Pods("production", ("app", "backend"))), Tcp(8080)));
    private static readonly Policy BackendIngress = AllowIngress("production", "allow-frontend-to-backend", Pods("production", ("app", "backend")),
        Rule(TrafficDirection.Ingress, 1, new SelectorPeer(Pods("production", ("app", "frontend"))), Tcp(8080)));
    private static readonly PolicySet Enforced = new([DenyAll, FrontendEgress, BackendIngress]);

    private static ObservedAttempt Attempt(Endpoint source, Endpoint destination, int port, long attempts, long denied = 0) =>
        ObservedAttempt.Of(source, destination, Protocol.TCP, port, attempts, denied);

    [Fact]
    public void DeletingTheEgressAllow_WouldDenyTheAllowedAttempts_AtTheFrontendsEgress()
    {
        var impact = StagedAnalyzer.Analyze(Enforced, [StagedChange.Delete(FrontendEgress.Ref)], [Attempt(Frontend, Backend, 8080, 14)]);

        var change = Assert.Single(impact.Changes);
        Assert.Equal((14L, 0L, true), (change.WouldDeny, change.WouldAllow, change.TargetEnforced));
        var example = Assert.Single(change.Examples);
        Assert.Equal((StagedEffect.WouldDeny, TrafficDirection.Egress, "production/frontend[Deployment]", "production/backend[Deployment]", 14L),
            (example.Effect, example.Key.Direction, example.Key.Subject, example.Key.Peer, example.Attempts));
        Assert.Contains(example.Decision.Denials, d => d.Policy == DenyAll.Ref);
        Assert.Equal((14L, 0L), (impact.Combined.WouldDeny, impact.Combined.WouldAllow));
    }

    [Fact]
    public void AnAllowForOneEndOnly_DoesNotAdmit_TheWholeConnectionMustBeAllowed()
    {
        var egressOnly = AllowEgress("production", "frontend-to-database", Pods("production", ("app", "frontend")),
            Rule(TrafficDirection.Egress, 1, new SelectorPeer(Pods("production", ("app", "database"))), Tcp(5432)));
        var ingressToo = AllowIngress("production", "database-from-frontend", Pods("production", ("app", "database")),
            Rule(TrafficDirection.Ingress, 1, new SelectorPeer(Pods("production", ("app", "frontend"))), Tcp(5432)));
        var observed = new[] { Attempt(Frontend, Database, 5432, 2, denied: 2) };

        var impact = StagedAnalyzer.Analyze(Enforced, [StagedChange.Set(egressOnly.Ref, [egressOnly]), StagedChange.Set(ingressToo.Ref, [ingressToo])], observed);

        Assert.Equal([0L, 0L], impact.Changes.Select(c => c.WouldAllow));
        Assert.Equal((0L, 2L), (impact.Combined.WouldDeny, impact.Combined.WouldAllow));
        var example = Assert.Single(impact.Combined.Examples);
        Assert.Equal((StagedEffect.WouldAllow, TrafficDirection.Egress), (example.Effect, example.Key.Direction));
        Assert.Contains(example.Decision.AllowedBy, r => r.Policy == egressOnly.Ref);
    }

    [Fact]
    public void AnAttemptHubbleDenied_IsNeverCountedAsWouldDeny_EvenWhenTheEnforcedPoliciesAllowIt()
    {
        // 3 allowed attempts and 2 that Hubble dropped for a reason the loaded policies do not explain.
        var impact = StagedAnalyzer.Analyze(Enforced, [StagedChange.Delete(BackendIngress.Ref)], [Attempt(Frontend, Backend, 8080, 5, denied: 2)]);

        Assert.Equal(3, Assert.Single(impact.Changes).WouldDeny);
    }

    [Fact]
    public void ADeletionOfAPolicyThatIsNotEnforced_ChangesNothing_AndSaysSo()
    {
        var impact = StagedAnalyzer.Analyze(Enforced, [StagedChange.Delete(new PolicyRef(PolicyKind.NetworkPolicy, "production", "typo"))], [Attempt(Frontend, Backend, 8080, 4)]);

        var change = Assert.Single(impact.Changes);
        Assert.Equal((0L, 0L, false), (change.WouldDeny, change.WouldAllow, change.TargetEnforced));
    }

    [Fact]
    public void ChangesAreAppliedDeletionsFirst_SoADeletionAndASetOfOneObjectIsAReplacement()
    {
        var changes = new[] { StagedChange.Set(FrontendEgress.Ref, [FrontendEgress]), StagedChange.Delete(FrontendEgress.Ref) };

        var applied = StagedChanges.Apply(Enforced, changes);

        Assert.Equal(1, applied.Policies.Count(p => p.Ref == FrontendEgress.Ref));
        Assert.Equal(Enforced.Policies.Count, applied.Policies.Count);
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 25)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Properties_HoldOnGeneratedClustersPoliciesAndTraffic(int seed)
    {
        var random = new Random(seed);
        var pods = GeneratedCluster.Pods(random);
        var enforced = new PolicySet(GeneratedCluster.Policies(random));
        var evaluator = new PolicyEvaluator(enforced);
        var observed = new List<ObservedAttempt>();
        foreach (var source in pods)
        {
            foreach (var destination in pods)
            {
                var port = GeneratedCluster.PortPool[random.Next(GeneratedCluster.PortPool.Length)];
                var attempts = random.Next(1, 6);
                // Hubble denies what the enforced policies deny, and now and then something they allow (unexplained).
                var denied = evaluator.IsAllowed(source, destination, Protocol.TCP, port) ? (random.Next(4) == 0 ? random.Next(attempts + 1) : 0) : attempts;
                observed.Add(Attempt(source, destination, port, attempts, denied));
            }
        }

        // Staging the enforced set unchanged: nothing flips, alone or together.
        var unchanged = enforced.Policies.GroupBy(p => p.Ref).Select(g => StagedChange.Set(g.Key, [.. g])).ToList();
        var same = StagedAnalyzer.Analyze(enforced, unchanged, observed);
        Assert.All(same.Changes.Append(same.Combined), c => Assert.Equal((0L, 0L), (c.WouldDeny, c.WouldAllow)));

        // A staged deletion plus a re-adding set of the same policy: nothing flips together; the deletion alone may.
        var target = enforced.Policies[random.Next(enforced.Policies.Count)].Ref;
        var readded = StagedAnalyzer.Analyze(enforced, [StagedChange.Delete(target), StagedChange.Set(target, [.. enforced.Policies.Where(p => p.Ref == target)])], observed);
        Assert.Equal((0L, 0L), (readded.Combined.WouldDeny, readded.Combined.WouldAllow));

        // Would-deny never counts an attempt that was already denied: by Hubble, or by the enforced policies.
        var denyEverything = new Policy(new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, "staged-deny-everything"), new Core.Selectors.LabelSelector([]))
        {
            IsolatesIngress = true,
            IngressDeny = [new PolicyRule(TrafficDirection.Ingress, 1, [], []) { IsDeny = true }],
        };
        var deletions = enforced.Policies.Select(p => p.Ref).Distinct().Select(StagedChange.Delete);
        var impact = StagedAnalyzer.Analyze(enforced, [.. deletions, StagedChange.Set(denyEverything.Ref, [denyEverything])], observed);
        var allowedToday = observed.Where(o => evaluator.IsAllowed(o.Source, o.Destination, o.Protocol, o.Port)).Sum(o => o.Attempts - o.Denied);
        Assert.All(impact.Changes, c => Assert.InRange(c.WouldDeny, 0, allowedToday));
        Assert.Equal(allowedToday, impact.Changes[^1].WouldDeny);
        Assert.Equal(allowedToday, impact.Combined.WouldDeny);
        Assert.All(impact.Changes.Append(impact.Combined), c => Assert.Equal(c.WouldDeny + c.WouldAllow, c.Examples.Sum(e => e.Attempts)));
    }
}
