namespace FlowAuditor.Core.Suggestions;

/// <summary>A peer of a suggested rule. Never an empty selector, never all namespaces.</summary>
public abstract record SuggestedPeer
{
    /// <summary>Orders rules deterministically.</summary>
    public abstract string SortKey { get; }
}

/// <summary>
/// Pods by stable labels. Same namespace: podSelector only. Another namespace: namespaceSelector on
/// <c>kubernetes.io/metadata.name</c> AND podSelector, in one peer.
/// </summary>
public sealed record SuggestedPodPeer(string Namespace, bool SameNamespace, IReadOnlyDictionary<string, string> Labels) : SuggestedPeer
{
    public override string SortKey => $"1|{Namespace}|{string.Join(',', Labels.Select(kv => $"{kv.Key}={kv.Value}"))}";
}

/// <summary>An external address block (<c>ipBlock</c> / <c>toCIDR</c>).</summary>
public sealed record SuggestedCidrPeer(string Cidr) : SuggestedPeer
{
    public override string SortKey => $"2|{Cidr}";
}

/// <summary>A DNS name (Cilium <c>toFQDNs</c> matchName).</summary>
public sealed record SuggestedFqdnPeer(string Name) : SuggestedPeer
{
    public override string SortKey => $"3|{Name}";
}

/// <summary>A Cilium entity (host, remote-node, kube-apiserver, world).</summary>
public sealed record SuggestedEntityPeer(string Entity) : SuggestedPeer
{
    public override string SortKey => $"4|{Entity}";
}
