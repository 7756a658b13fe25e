using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>
/// The connectivity listing's text form, as the netpol-analyzer conformance cases write it:
/// <code>
/// default/a[Deployment] => default/b[Deployment] : All Connections
/// default/a[Deployment] => default/c[Deployment] : SCTP 7070,TCP 8080-8081,UDP 9090
/// </code>
/// </summary>
public static class ConnlistFormat
{
    // Alphabetical by protocol name, as the reference listing orders groups (not the TCP-first order of reports).
    private static readonly Protocol[] ListingOrder = [Protocol.SCTP, Protocol.TCP, Protocol.UDP];

    public static string Line(ConnectivityPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return $"{pair.Source.Name} => {pair.Destination.Name} : {Connections(pair.Connections)}";
    }

    /// <summary><c>All Connections</c>, or protocol groups such as <c>TCP 10053-10054,UDP 10053</c>.</summary>
    public static string Connections(ConnectionSet connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        if (connections.IsAll)
        {
            return "All Connections";
        }

        if (connections.IsEmpty)
        {
            return "No Connections";
        }

        return string.Join(',', ListingOrder
            .Where(p => !connections[p].IsEmpty)
            .Select(p => $"{p.Name()} {connections[p]}"));
    }
}
