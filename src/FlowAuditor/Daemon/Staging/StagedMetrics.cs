using FlowAuditor.Core.Staging;
using FlowAuditor.Daemon.Metrics;
using Prometheus;

namespace FlowAuditor.Daemon.Staging;

/// <summary>
/// <c>flowauditor_staged_would_deny_total</c> and <c>flowauditor_staged_would_allow_total</c>: observed attempts each
/// staged change would deny or admit, by staged policy, subject namespace, workload and direction. Measured before
/// each scrape. A count that falls (the enforced or staged policies changed) restarts its series, as a counter
/// reset; series of changes no longer staged are removed.
/// </summary>
internal sealed class StagedMetrics
{
    private static readonly string[] Labels = ["policy", "kind", "namespace", "workload", "direction"];

    private readonly DaemonMetrics _metrics;
    private readonly StagedState _state;
    private readonly Counter _wouldDeny;
    private readonly Counter _wouldAllow;
    private readonly Lock _gate = new();
    private HashSet<(StagedEffect, string[])> _published = new(SeriesComparer.Instance);

    public StagedMetrics(DaemonMetrics metrics, StagedState state)
    {
        _metrics = metrics;
        _state = state;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _wouldDeny = factory.CreateCounter("flowauditor_staged_would_deny_total", "Observed connection attempts, allowed today, that a staged policy change would deny.", Labels);
        _wouldAllow = factory.CreateCounter("flowauditor_staged_would_allow_total", "Observed connection attempts, denied today, that a staged policy change would allow.", Labels);
    }

    public void Register() => _metrics.Registry.AddBeforeCollectCallback(() => Refresh(_state.Measure()));

    public void Refresh(StagedImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var values = new Dictionary<(StagedEffect, string[]), long>(SeriesComparer.Instance);
        foreach (var change in impact.Changes)
        {
            var target = change.Change!.Target;
            var policy = _metrics.PolicyNames.Admit(target.QualifiedName);
            foreach (var example in change.Examples)
            {
                string[] labels =
                [
                    policy, target.Kind.ToString(), _metrics.Namespaces.Admit(example.Key.Namespace), _metrics.Workloads.Admit(example.Workload),
                    example.Key.Direction.ToString().ToLowerInvariant(),
                ];
                values[(example.Effect, labels)] = values.GetValueOrDefault((example.Effect, labels)) + example.Attempts;
            }
        }

        lock (_gate)
        {
            foreach (var gone in _published.Where(s => !values.ContainsKey(s)))
            {
                Counter(gone.Item1).RemoveLabelled(gone.Item2);
            }

            foreach (var ((effect, labels), value) in values)
            {
                var counter = Counter(effect);
                if (counter.WithLabels(labels).Value > value)
                {
                    counter.RemoveLabelled(labels);
                }

                counter.WithLabels(labels).IncTo(value);
            }

            _published = new HashSet<(StagedEffect, string[])>(values.Keys, SeriesComparer.Instance);
        }
    }

    private Counter Counter(StagedEffect effect) => effect == StagedEffect.WouldDeny ? _wouldDeny : _wouldAllow;

    private sealed class SeriesComparer : IEqualityComparer<(StagedEffect Effect, string[] Labels)>
    {
        public static readonly SeriesComparer Instance = new();

        public bool Equals((StagedEffect Effect, string[] Labels) x, (StagedEffect Effect, string[] Labels) y) =>
            x.Effect == y.Effect && x.Labels.AsSpan().SequenceEqual(y.Labels);

        public int GetHashCode((StagedEffect Effect, string[] Labels) obj)
        {
            var hash = new HashCode();
            hash.Add(obj.Effect);
            foreach (var label in obj.Labels)
            {
                hash.Add(label, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
