using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;
using FlowAuditor.Core.Selectors;
using FlowAuditor.Kubernetes.Manifests.Policies;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Cilium;

/// <summary>
/// One Cilium ingress/egress (or deny) rule. Peer fields are alternatives (any may match); ports narrow them:
/// <code>
/// ingress:
/// - fromEndpoints: [{matchLabels: {app: web}}]
///   fromEntities: [host]
///   toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
/// - toPorts: [{ports: [{port: "53"}]}]   # no peer field: every peer
/// - {}                                  # nothing: selects nobody (it only enables default deny)
/// </code>
/// </summary>
internal static class CiliumRuleReader
{
    private static readonly string[] IngressPeers = ["fromEndpoints", "fromRequires", "fromEntities", "fromCIDR", "fromCIDRSet", "fromNodes", "fromGroups"];
    private static readonly string[] EgressPeers = ["toEndpoints", "toRequires", "toEntities", "toCIDR", "toCIDRSet", "toNodes", "toGroups", "toFQDNs", "toServices"];

    /// <summary>The rule, or null when it selects no peer at all (reported as a note) or is invalid.</summary>
    public static PolicyRule? Read(ObjectContext o, YamlNode node, string field, TrafficDirection direction, int index, bool deny, string? policyNamespace)
    {
        if (o.Mapping(node, field) is not { } rule)
        {
            return null;
        }

        var ingress = direction == TrafficDirection.Ingress;
        var prefix = ingress ? "from" : "to";

        // EgressDenyRule has no toFQDNs (docs "Deny Policies": not supported), so it is an unknown field there.
        string[] peerFields = ingress ? IngressPeers : deny ? [.. EgressPeers.Where(k => k != "toFQDNs")] : EgressPeers;
        o.WarnUnknownFields(rule, field, [.. peerFields, "toPorts", "icmps", "authentication"]);
        var peers = new List<Peer>();
        var unsupported = new List<string>();
        var errors = o.ErrorCount;

        var sources = new List<PeerSource>();
        var requires = Requires(o, rule.Get($"{prefix}Requires"), $"{field}.{prefix}Requires", policyNamespace);
        Selectors(o, rule, $"{prefix}Endpoints", field, policyNamespace, requires, peers);
        EndpointSources(o, rule, $"{prefix}Endpoints", field, sources);
        Entities(o, rule.Get($"{prefix}Entities"), $"{field}.{prefix}Entities", peers);
        ListSources(o, rule, $"{prefix}Entities", field, peers.Count, sources);
        Cidrs(o, rule.Get($"{prefix}CIDR"), $"{field}.{prefix}CIDR", peers);
        ListSources(o, rule, $"{prefix}CIDR", field, peers.Count, sources);
        CidrSets(o, rule.Get($"{prefix}CIDRSet"), $"{field}.{prefix}CIDRSet", peers, unsupported);
        ListSources(o, rule, $"{prefix}CIDRSet", field, peers.Count, sources);
        if (!ingress)
        {
            if (!deny)
            {
                Fqdns(o, rule.Get("toFQDNs"), $"{field}.toFQDNs", peers);
                ListSources(o, rule, "toFQDNs", field, peers.Count, sources);
            }

            Services(o, rule.Get("toServices"), $"{field}.toServices", peers, unsupported);
            ListSources(o, rule, "toServices", field, peers.Count, sources);
        }

        foreach (var other in new[] { $"{prefix}Nodes", $"{prefix}Groups" }.Where(k => rule.Get(k) is not null))
        {
            unsupported.Add($"{other} (not evaluated)");
        }

        string? l7 = null;
        var ports = CiliumPortReader.ToPorts(o, rule.Get("toPorts"), $"{field}.toPorts", deny, ref l7);
        ports.AddRange(CiliumPortReader.Icmps(o, rule.Get("icmps"), $"{field}.icmps"));
        if (o.ErrorCount != errors)
        {
            return null;
        }

        // A peer field written but empty ("fromEndpoints: []") selects nobody, and so does an empty rule.
        var peerKeys = peerFields.Where(k => k != $"{prefix}Requires" && rule.Has(k)).ToList();
        var anyPorts = rule.Get("toPorts") is not null || rule.Get("icmps") is not null;
        if (peers.Count == 0 && unsupported.Count == 0 && (peerKeys.Count > 0 || !anyPorts))
        {
            o.Info(node, field, "selects no peer, so it allows nothing (an empty rule only enables default deny)");
            return null;
        }

        return new PolicyRule(direction, index, peers, ports)
        {
            IsDeny = deny,
            L7Protocol = l7,
            Unsupported = unsupported,
            Source = o.Locate(rule, field),
            PeerSources = sources,
        };
    }

    /// <summary>One source per endpoint selector, in the order <see cref="Selectors"/> adds them (all valid when loaded).</summary>
    private static void EndpointSources(ObjectContext o, YamlMappingNode rule, string key, string field, List<PeerSource> sources)
    {
        if (rule.Get(key) is not YamlSequenceNode items)
        {
            return;
        }

        for (var i = 0; i < items.Children.Count; i++)
        {
            var node = items.Children[i];
            sources.Add(new PeerSource(o.Locate(node, $"{field}.{key}[{i}]"), $"{key} {WrittenSelector.Text(node)}")
            {
                IsEndpointSelector = true,
                HasNamespaceSelector = CiliumSelectors.NamesNamespace(node),
            });
        }
    }

    /// <summary>Peers of other fields are located at their list, one source per peer added.</summary>
    private static void ListSources(ObjectContext o, YamlMappingNode rule, string key, string field, int peerCount, List<PeerSource> sources)
    {
        while (sources.Count < peerCount && rule.Get(key) is { } node)
        {
            sources.Add(new PeerSource(o.Locate(node, $"{field}.{key}"), key));
        }
    }

    private static IReadOnlyList<SelectorRequirement> Requires(ObjectContext o, YamlNode? node, string field, string? ns)
    {
        var items = o.Sequence(node, field);
        var result = new List<SelectorRequirement>();
        for (var i = 0; i < items.Count; i++)
        {
            if (SelectorReader.Read(o, items[i], $"{field}[{i}]", CiliumSelectors.Requirement, allowSourcePrefix: true) is { } requirements)
            {
                result.AddRange(requirements);
            }
        }

        return result;
    }

    /// <summary><c>fromRequires</c> is ANDed into each selector of the rule (Cilium also applies it to other rules of the subject; not modelled).</summary>
    private static void Selectors(ObjectContext o, YamlMappingNode rule, string key, string field, string? ns, IReadOnlyList<SelectorRequirement> requires, List<Peer> peers)
    {
        var items = o.Sequence(rule.Get(key), $"{field}.{key}");
        for (var i = 0; i < items.Count; i++)
        {
            if (CiliumSelectors.Peer(o, items[i], $"{field}.{key}[{i}]", ns) is { } selector)
            {
                var combined = requires.Count == 0 ? selector : selector.And(requires);
                peers.Add(new SelectorPeer(combined) { LocalClusterByDefault = CiliumSelectors.LocalClusterByDefault(combined) });
            }
        }
    }

    private static void Entities(ObjectContext o, YamlNode? node, string field, List<Peer> peers)
    {
        var items = o.Sequence(node, field);
        var names = new List<string>();
        var set = EntitySet.None;
        for (var i = 0; i < items.Count; i++)
        {
            var name = o.String(items[i], $"{field}[{i}]") ?? string.Empty;
            if (Core.Endpoints.Entities.IsValidIn(name, o.Version))
            {
                names.Add(name);
                set |= Core.Endpoints.Entities.ByName[name];
            }
            else
            {
                var known = Core.Endpoints.Entities.ByName.Keys.Where(k => Core.Endpoints.Entities.IsValidIn(k, o.Version));
                o.Error(items[i], $"{field}[{i}]", $"unknown entity '{name}' in Cilium {o.Version} (known: {string.Join(", ", known)})");
            }
        }

        if (names.Count > 0)
        {
            peers.Add(new EntityPeer(set, names));
        }
    }

    private static void Cidrs(ObjectContext o, YamlNode? node, string field, List<Peer> peers)
    {
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            if (CiliumCidr(o, items[i], $"{field}[{i}]") is { } cidr)
            {
                peers.Add(new CidrPeer(new Core.Network.CidrBlock(cidr, [])));
            }
        }
    }

    private static void CidrSets(ObjectContext o, YamlNode? node, string field, List<Peer> peers, List<string> unsupported)
    {
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (o.Mapping(items[i], itemField) is not { } set)
            {
                continue;
            }

            o.WarnUnknownFields(set, itemField, "cidr", "except", "cidrGroupRef", "cidrGroupSelector");
            if (set.Get("cidr") is null && (set.Get("cidrGroupRef") ?? set.Get("cidrGroupSelector")) is not null)
            {
                unsupported.Add($"{itemField}: CIDR groups (not evaluated)");
                continue;
            }

            if (IpBlockReader.Read(o, set, itemField) is { } block)
            {
                peers.Add(new CidrPeer(block));
            }
        }
    }

    private static void Fqdns(ObjectContext o, YamlNode? node, string field, List<Peer> peers)
    {
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (o.Mapping(items[i], itemField) is not { } fqdn)
            {
                continue;
            }

            o.WarnUnknownFields(fqdn, itemField, "matchName", "matchPattern");
            var name = o.String(fqdn.Get("matchName"), $"{itemField}.matchName");
            var pattern = o.String(fqdn.Get("matchPattern"), $"{itemField}.matchPattern");
            if (string.IsNullOrEmpty(name) == string.IsNullOrEmpty(pattern))
            {
                o.Error(fqdn, itemField, "exactly one of matchName and matchPattern is required");
                continue;
            }

            peers.Add(new FqdnPeer(name, pattern));
        }
    }

    private static void Services(ObjectContext o, YamlNode? node, string field, List<Peer> peers, List<string> unsupported)
    {
        var items = o.Sequence(node, field);
        for (var i = 0; i < items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            var service = o.Mapping(items[i], itemField);
            if (service?.Get("k8sService") is YamlMappingNode byName)
            {
                peers.Add(new ServicePeer(byName.Get("serviceName").Text(), byName.Get("namespace").Text(), null));
            }
            else if (service?.Get("k8sServiceSelector") is YamlMappingNode bySelector)
            {
                var selector = SelectorReader.Read(o, bySelector.Get("selector"), $"{itemField}.k8sServiceSelector.selector", CiliumSelectors.Requirement, allowSourcePrefix: true);
                if (selector is not null)
                {
                    var peer = new ServicePeer(null, bySelector.Get("namespace").Text(), new LabelSelector(selector));
                    peers.Add(peer);
                    unsupported.Add($"toServices {peer}");
                }
            }
            else if (service is not null)
            {
                o.Error(service, itemField, "needs k8sService or k8sServiceSelector");
            }
        }
    }

    /// <summary><c>fromCIDR</c> entries may be bare addresses (<c>10.0.0.1</c> = <c>/32</c>).</summary>
    private static System.Net.IPNetwork? CiliumCidr(ObjectContext o, YamlNode node, string field)
    {
        var text = o.String(node, field);
        if (text is not null && !text.Contains('/', StringComparison.Ordinal))
        {
            var bits = text.Contains(':', StringComparison.Ordinal) ? 128 : 32;
            return IpBlockReader.Cidr(o, node, field, $"{text}/{bits}");
        }

        return IpBlockReader.Cidr(o, node, field, text);
    }
}
