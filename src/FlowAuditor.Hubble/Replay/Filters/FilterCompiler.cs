using System.Globalization;
using FlowAuditor.Core.Labels;
using FlowAuditor.Hubble.Api;

namespace FlowAuditor.Hubble.Replay.Filters;

/// <summary>
/// Turns one FlowFilter into the predicates an agent would build for it (pkg/hubble/filters/*.go), all of which
/// must hold: AND across fields, OR within one repeated field. A value the agent would refuse (an empty pod name,
/// a bad CIDR, an unknown protocol) is refused here with the field named.
/// </summary>
internal sealed class FilterCompiler
{
    private const string DefaultNamespace = "default";
    private const string DefaultCluster = "default";

    private readonly List<Func<FlowView, bool>> _predicates = [];
    private string? _error;

    private FilterCompiler()
    {
    }

    /// <summary>The fields this compiler implements; any other field set in a filter is refused.</summary>
    public static IReadOnlySet<int> Supported { get; } = new HashSet<int>
    {
        FlowFilter.UuidFieldNumber, FlowFilter.SourceIpFieldNumber, FlowFilter.SourceIpXlatedFieldNumber, FlowFilter.DestinationIpFieldNumber,
        FlowFilter.SourcePodFieldNumber, FlowFilter.DestinationPodFieldNumber, FlowFilter.SourceServiceFieldNumber, FlowFilter.DestinationServiceFieldNumber,
        FlowFilter.SourceFqdnFieldNumber, FlowFilter.DestinationFqdnFieldNumber, FlowFilter.SourceLabelFieldNumber, FlowFilter.DestinationLabelFieldNumber,
        FlowFilter.SourceWorkloadFieldNumber, FlowFilter.DestinationWorkloadFieldNumber, FlowFilter.SourceClusterNameFieldNumber, FlowFilter.DestinationClusterNameFieldNumber,
        FlowFilter.SourceIdentityFieldNumber, FlowFilter.DestinationIdentityFieldNumber, FlowFilter.TrafficDirectionFieldNumber, FlowFilter.VerdictFieldNumber,
        FlowFilter.DropReasonDescFieldNumber, FlowFilter.EventTypeFieldNumber, FlowFilter.ProtocolFieldNumber, FlowFilter.SourcePortFieldNumber,
        FlowFilter.DestinationPortFieldNumber, FlowFilter.ReplyFieldNumber, FlowFilter.DnsQueryFieldNumber, FlowFilter.TcpFlagsFieldNumber,
        FlowFilter.NodeNameFieldNumber, FlowFilter.IpVersionFieldNumber, FlowFilter.HttpStatusCodeFieldNumber, FlowFilter.HttpMethodFieldNumber,
        FlowFilter.HttpPathFieldNumber, FlowFilter.TraceIdFieldNumber, FlowFilter.EncryptedFieldNumber,
    };

    /// <summary>The predicates of <paramref name="filter"/>, or null with <paramref name="error"/> naming the field.</summary>
    public static Func<FlowView, bool>[]? Compile(FlowFilter filter, out string? error)
    {
        var c = new FilterCompiler();
        c.Exact(filter.Uuid, v => v.Uuid);
        c.Ip(filter.SourceIp, "source_ip", f => f.IP?.Source);
        c.Ip(filter.SourceIpXlated, "source_ip_xlated", f => f.IP?.SourceXlated);
        c.Ip(filter.DestinationIp, "destination_ip", f => f.IP?.Destination);
        c.NamespacedName(filter.SourcePod, "source_pod", f => (f.Source?.Namespace, f.Source?.PodName));
        c.NamespacedName(filter.DestinationPod, "destination_pod", f => (f.Destination?.Namespace, f.Destination?.PodName));
        c.NamespacedName(filter.SourceService, "source_service", f => (f.SourceService?.Namespace, f.SourceService?.Name));
        c.NamespacedName(filter.DestinationService, "destination_service", f => (f.DestinationService?.Namespace, f.DestinationService?.Name));
        c.Fqdn(filter.SourceFqdn, "source_fqdn", f => f.SourceNames);
        c.Fqdn(filter.DestinationFqdn, "destination_fqdn", f => f.DestinationNames);
        c.Labels(filter.SourceLabel, "source_label", v => v.SourceLabels);
        c.Labels(filter.DestinationLabel, "destination_label", v => v.DestinationLabels);
        c.Workloads(filter.SourceWorkload, f => f.Source);
        c.Workloads(filter.DestinationWorkload, f => f.Destination);
        c.ClusterNames(filter.SourceClusterName, "source_cluster_name", f => f.Source);
        c.ClusterNames(filter.DestinationClusterName, "destination_cluster_name", f => f.Destination);
        c.Identities(filter.SourceIdentity, f => f.Source);
        c.Identities(filter.DestinationIdentity, f => f.Destination);
        c.Enum(filter.TrafficDirection, f => f.TrafficDirection);
        c.Enum(filter.Verdict, f => f.Verdict);
        // A drop reason only selects dropped flows (drop_reason_desc.go).
        c.When(filter.DropReasonDesc.Count > 0, v => v.Flow.Verdict == Verdict.Dropped && filter.DropReasonDesc.Contains(v.Flow.DropReasonDesc));
        c.When(filter.EventType.Count > 0, v => filter.EventType.Any(e => MatchesEventType(e, v.Flow.EventType)));
        c.Protocols(filter.Protocol);
        c.Ports(filter.SourcePort, "source_port", p => p.Source);
        c.Ports(filter.DestinationPort, "destination_port", p => p.Destination);
        c.When(filter.Reply.Count > 0, v => MatchesReply(filter.Reply, v.Flow));
        c.DnsQueries(filter.DnsQuery);
        c.When(filter.TcpFlags.Count > 0, v => v.Flow.L4?.TCP?.Flags is { } flags && filter.TcpFlags.Any(f => HasAll(flags, f)));
        c.NodeNames(filter.NodeName);
        c.Enum(filter.IpVersion, f => f.IP?.IpVersion ?? IPVersion.IpNotUsed);
        c.Enum(filter.Encrypted, f => f.IP?.Encrypted ?? false);
        c.Enum(filter.TraceId, f => f.TraceContext?.Parent?.TraceId ?? "");
        c.Http(filter);
        error = c._error;
        return error is null ? [.. c._predicates] : null;
    }

    private void When(bool set, Func<FlowView, bool> predicate)
    {
        if (set && _error is null)
        {
            _predicates.Add(predicate);
        }
    }

    private void Fail(string field, string problem) => _error ??= $"invalid {field} filter: {problem}";

    private void Exact(ICollection<string> values, Func<FlowView, string> get)
    {
        var set = values.ToHashSet(StringComparer.Ordinal);
        When(set.Count > 0, v => set.Contains(get(v)));
    }

    private void Enum<T>(ICollection<T> values, Func<Flow, T> get)
    {
        var set = values.ToHashSet();
        When(set.Count > 0, v => set.Contains(get(v.Flow)));
    }

    private void Ip(ICollection<string> entries, string field, Func<Flow, string?> get)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var matches = IpFilter.Create(entries, out var error);
        if (matches is null)
        {
            Fail(field, error!);
            return;
        }

        When(true, v => matches(get(v.Flow) ?? ""));
    }

    /// <summary>
    /// <c>ns/name-prefix</c>, <c>ns/</c> (the whole namespace), or a bare <c>name-prefix</c>, which means the
    /// "default" namespace (pkg/hubble/k8s ParseNamespaceName, pkg/hubble/filters/k8s.go). The namespace is compared
    /// exactly, the name as a prefix.
    /// </summary>
    private void NamespacedName(ICollection<string> entries, string field, Func<Flow, (string? Ns, string? Name)> get)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var filters = new List<(string Ns, string Prefix)>();
        foreach (var entry in entries)
        {
            var parts = entry.Split('/');
            var parsed = parts.Length > 1 ? (parts[0], parts[1]) : parts[0].Length == 0 ? ("", "") : (DefaultNamespace, parts[0]);
            if (parsed.Item1.Length == 0 && parsed.Item2.Length == 0)
            {
                Fail(field, $"must be [namespace/][<name>], got '{entry}'");
                return;
            }

            filters.Add(parsed);
        }

        When(true, v =>
        {
            var (ns, name) = get(v.Flow);
            (ns, name) = (ns ?? "", name ?? "");
            return (ns.Length > 0 || name.Length > 0)
                && filters.Exists(f => string.Equals(f.Ns, ns, StringComparison.Ordinal) && name.StartsWith(f.Prefix, StringComparison.Ordinal));
        });
    }

    private void Fqdn(ICollection<string> patterns, string field, Func<Flow, IList<string>> get)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        if (FilterPatterns.Fqdn(patterns, out var error) is not { } regex)
        {
            Fail(field, error!);
            return;
        }

        When(true, v => get(v.Flow).Any(regex.IsMatch));
    }

    private void Labels(ICollection<string> selectors, string field, Func<FlowView, LabelSet> get)
    {
        var compiled = new List<Func<LabelSet, bool>>();
        foreach (var text in selectors)
        {
            if (LabelSelectorText.Parse(text, out var error) is not { } selector)
            {
                Fail(field, error!);
                return;
            }

            compiled.Add(selector);
        }

        When(compiled.Count > 0, v =>
        {
            var labels = get(v);
            return compiled.Exists(s => s(labels));
        });
    }

    // An empty name or kind in the filter matches any (workload.go).
    private void Workloads(ICollection<Workload> filters, Func<Flow, Endpoint?> get) =>
        When(filters.Count > 0, v => get(v.Flow)?.Workloads.Any(w => filters.Any(f =>
            (f.Name.Length == 0 || f.Name == w.Name) && (f.Kind.Length == 0 || f.Kind == w.Kind))) == true);

    private void ClusterNames(ICollection<string> names, string field, Func<Flow, Endpoint?> get)
    {
        if (names.Contains(""))
        {
            Fail(field, "name must not be empty");
            return;
        }

        When(names.Count > 0, v => names.Contains(get(v.Flow)?.ClusterName ?? ""));
    }

    private void Identities(ICollection<uint> identities, Func<Flow, Endpoint?> get) =>
        When(identities.Count > 0, v => get(v.Flow) is { } endpoint && identities.Contains(endpoint.Identity));

    /// <summary>L4 names match the L4 header, L7 names the parsed L7 record (protocol.go); others are refused.</summary>
    private void Protocols(ICollection<string> protocols)
    {
        var tests = new List<Func<Flow, bool>>();
        foreach (var protocol in protocols)
        {
            Func<Flow, bool>? test = protocol.ToLowerInvariant() switch
            {
                "icmp" => f => f.L4?.ICMPv4 is not null || f.L4?.ICMPv6 is not null,
                "icmpv4" => f => f.L4?.ICMPv4 is not null,
                "icmpv6" => f => f.L4?.ICMPv6 is not null,
                "tcp" => f => f.L4?.TCP is not null,
                "udp" => f => f.L4?.UDP is not null,
                "sctp" => f => f.L4?.SCTP is not null,
                "dns" => f => f.L7?.Dns is not null,
                "http" => f => f.L7?.Http is not null,
                "kafka" => f => f.L7?.RecordCase == Layer7.RecordOneofCase.Kafka,
                _ => null,
            };
            if (test is null)
            {
                Fail("protocol", $"unknown protocol: '{protocol}'");
                return;
            }

            tests.Add(test);
        }

        When(tests.Count > 0, v => tests.Exists(t => t(v.Flow)));
    }

    /// <summary>Decimal port numbers; only TCP, UDP and SCTP flows have ports (port.go).</summary>
    private void Ports(ICollection<string> entries, string field, Func<(uint Source, uint Destination), uint> get)
    {
        var ports = new HashSet<uint>();
        foreach (var entry in entries)
        {
            if (!ushort.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                Fail(field, $"invalid port '{entry}'");
                return;
            }

            ports.Add(port);
        }

        When(ports.Count > 0, v => v.Ports is { } served && ports.Contains(get(served)));
    }

    // Unanchored regular expressions over the DNS query (fqdn.go).
    private void DnsQueries(ICollection<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        if (FilterPatterns.Regexes(patterns, out var error) is not { } regexes)
        {
            Fail("dns_query", error!);
            return;
        }

        When(true, v => v.Flow.L7?.Dns is { } dns && regexes.Exists(r => r.IsMatch(dns.Query)));
    }

    /// <summary>
    /// <c>[CLUSTER/]NODE</c> globs over the flow's node name, which counts as in cluster "default" when it names
    /// no cluster (nodename.go).
    /// </summary>
    private void NodeNames(ICollection<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        if (FilterPatterns.NodeName(patterns, out var error) is not { } regex)
        {
            Fail("node_name", error!);
            return;
        }

        When(true, v =>
        {
            var name = v.Flow.NodeName;
            return name.Length > 0 && regex.IsMatch(name.Contains('/', StringComparison.Ordinal) ? name : $"{DefaultCluster}/{name}");
        });
    }

    private void Http(FlowFilter filter)
    {
        foreach (var (count, field) in new[] { (filter.HttpStatusCode.Count, "http_status_code"), (filter.HttpMethod.Count, "http_method"), (filter.HttpPath.Count, "http_path") })
        {
            if (count > 0 && !HttpFilters.CompatibleWith(filter.EventType))
            {
                Fail(field, "it needs the event type filter to match L7 events");
                return;
            }
        }

        string? error = null;
        var status = filter.HttpStatusCode.Count > 0 ? HttpFilters.StatusCodes(filter.HttpStatusCode, out error) : null;
        if (error is not null)
        {
            Fail("http_status_code", error);
            return;
        }

        var paths = filter.HttpPath.Count > 0 ? HttpFilters.Paths(filter.HttpPath, out error) : null;
        if (error is not null)
        {
            Fail("http_path", error);
            return;
        }

        var methods = filter.HttpMethod.Count > 0 ? HttpFilters.Methods(filter.HttpMethod) : null;
        When(status is not null, v => status!(v.Flow));
        When(methods is not null, v => methods!(v.Flow));
        When(paths is not null, v => paths!(v.Flow));
    }

    private static bool MatchesEventType(EventTypeFilter filter, CiliumEventType? type) =>
        (type?.Type ?? 0) == filter.Type && (!filter.MatchSubType || (type?.SubType ?? 0) == filter.SubType);

    // A dropped flow with unknown is_reply counts as not a reply, for clients written against `reply` (reply.go).
    private static bool MatchesReply(ICollection<bool> wanted, Flow flow) =>
        (flow.IsReply is not null || flow.Verdict == Verdict.Dropped) && wanted.Contains(flow.IsReply ?? false);

    // The flow has every flag the filter entry sets (tcp.go).
    private static bool HasAll(TCPFlags flow, TCPFlags wanted) =>
        (!wanted.FIN || flow.FIN) && (!wanted.SYN || flow.SYN) && (!wanted.RST || flow.RST) && (!wanted.PSH || flow.PSH)
        && (!wanted.ACK || flow.ACK) && (!wanted.URG || flow.URG) && (!wanted.ECE || flow.ECE) && (!wanted.CWR || flow.CWR)
        && (!wanted.NS || flow.NS);
}
