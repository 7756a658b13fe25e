namespace FlowAuditor.Hubble.Replay;

/// <summary>Naming rules of Cilium's peer service.</summary>
internal static class PeerNames
{
    private const string DefaultCluster = "default";

    /// <summary>
    /// The TLS server name an agent's certificate carries: <c>NODE.CLUSTER.hubble-grpc.cilium.io</c> with dots in
    /// the node and cluster names turned into hyphens (pkg/hubble/peer/handler.go, TLSServerName). The node name
    /// may be given as <c>CLUSTER/NODE</c>, as relay names peers of clusters other than "default".
    /// </summary>
    public static string TlsServerName(string fullName)
    {
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        var (cluster, node) = slash < 0 ? (DefaultCluster, fullName) : (fullName[..slash], fullName[(slash + 1)..]);
        return $"{node.Replace('.', '-')}.{(cluster.Length == 0 ? DefaultCluster : cluster).Replace('.', '-')}.hubble-grpc.cilium.io";
    }
}
