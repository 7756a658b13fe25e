using System.Net;
using FlowAuditor.Core.Network;
using FlowAuditor.Kubernetes.Manifests.Yaml;
using YamlDotNet.RepresentationModel;

namespace FlowAuditor.Kubernetes.Manifests.Policies;

/// <summary>
/// <code>
/// ipBlock:
///   cidr: 10.0.0.0/8
///   except: [10.1.0.0/16]   # each except must lie strictly inside cidr (the API server rejects it otherwise)
/// </code>
/// </summary>
internal static class IpBlockReader
{
    public static CidrBlock? Read(ObjectContext o, YamlNode node, string field)
    {
        if (o.Mapping(node, field) is not { } block)
        {
            return null;
        }

        o.WarnUnknownFields(block, field, "cidr", "except");
        var cidrNode = block.Get("cidr");
        if (cidrNode is null)
        {
            o.Error(block, $"{field}.cidr", "is required");
            return null;
        }

        if (Cidr(o, cidrNode, $"{field}.cidr") is not { } cidr)
        {
            return null;
        }

        var excepts = new List<IPNetwork>();
        var exceptNodes = o.Sequence(block.Get("except"), $"{field}.except");
        for (var i = 0; i < exceptNodes.Count; i++)
        {
            var exceptField = $"{field}.except[{i}]";
            if (Cidr(o, exceptNodes[i], exceptField) is not { } except)
            {
                continue;
            }

            if (except.BaseAddress.AddressFamily != cidr.BaseAddress.AddressFamily
                || except.PrefixLength <= cidr.PrefixLength || !cidr.Contains(except.BaseAddress))
            {
                o.Error(exceptNodes[i], exceptField, $"'{except}' must be a strict subset of cidr '{cidr}'");
                continue;
            }

            excepts.Add(except);
        }

        return o.HasErrors ? null : new CidrBlock(cidr, excepts);
    }

    /// <summary>One CIDR, or null with an error. Host bits are masked off with a warning, as Cilium does.</summary>
    /// <param name="text">The CIDR text when it differs from the node's (a bare address completed with a prefix).</param>
    public static IPNetwork? Cidr(ObjectContext o, YamlNode node, string field, string? text = null)
    {
        text ??= o.String(node, field);
        if (!CidrParser.TryParse(text, out var network, out var hadHostBits))
        {
            o.Error(node, field, $"invalid CIDR '{text}' (expected e.g. 10.0.0.0/8 or 2001:db8::/32)");
            return null;
        }

        if (hadHostBits)
        {
            o.Warning(node, field, $"'{text}' has host bits set; treated as {network}");
        }

        return network;
    }
}
