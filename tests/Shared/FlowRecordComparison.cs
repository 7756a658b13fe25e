using System.Globalization;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Flows;

namespace FlowAuditor.Tests.Shared;

/// <summary>Field-by-field comparison of two flow records (for differential tests of decoders), naming each difference.</summary>
internal static class FlowRecordComparison
{
    public static IReadOnlyList<string> Differences(FlowRecord expected, FlowRecord actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        void Check<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{field}: expected <{a}>, got <{b}>"));
            }
        }

        void Sequence<T>(string field, IReadOnlyList<T> a, IReadOnlyList<T> b)
        {
            if (!a.SequenceEqual(b))
            {
                differences.Add($"{field}: expected [{string.Join(", ", a)}], got [{string.Join(", ", b)}]");
            }
        }

        void Side(string side, Endpoint a, Endpoint b)
        {
            Check($"{side}.Kind", a.Kind, b.Kind);
            Check($"{side}.Labels", a.Labels, b.Labels);
            Check($"{side}.Entity", a.Entity, b.Entity);
            Check($"{side}.Address", a.Address, b.Address);
            Check($"{side}.Namespace", a.Namespace, b.Namespace);
            Check($"{side}.Name", a.Name, b.Name);
            Check($"{side}.Workload", a.Workload, b.Workload);
            Sequence($"{side}.NamedPorts", a.NamedPorts, b.NamedPorts);
            Sequence($"{side}.DnsNames", a.DnsNames, b.DnsNames);
            Check($"{side}.Service", a.Service, b.Service);
            Check($"{side}.HostNetwork", a.HostNetwork, b.HostNetwork);
            Check($"{side}.IsIncomplete", a.IsIncomplete, b.IsIncomplete);
        }

        Side("Source", expected.Source, actual.Source);
        Side("Destination", expected.Destination, actual.Destination);
        Check("Time", expected.Time, actual.Time);
        Check("Time.Offset", expected.Time.Offset, actual.Time.Offset);
        Check("Uuid", expected.Uuid, actual.Uuid);
        Check("NodeName", expected.NodeName, actual.NodeName);
        Check("Verdict", expected.Verdict, actual.Verdict);
        Check("DropReason", expected.DropReason, actual.DropReason);
        Check("DropReasonName", expected.DropReasonName, actual.DropReasonName);
        Check("EventType", expected.EventType, actual.EventType);
        Check("Direction", expected.Direction, actual.Direction);
        Check("IsReply", expected.IsReply, actual.IsReply);
        Check("Protocol", expected.Protocol, actual.Protocol);
        Check("SourcePort", expected.SourcePort, actual.SourcePort);
        Check("DestinationPort", expected.DestinationPort, actual.DestinationPort);
        Check("TcpSyn", expected.TcpSyn, actual.TcpSyn);
        Check("TcpAck", expected.TcpAck, actual.TcpAck);
        Check("PolicyMatchType", expected.PolicyMatchType, actual.PolicyMatchType);
        Sequence("EgressAllowedBy", expected.EgressAllowedBy, actual.EgressAllowedBy);
        Sequence("IngressAllowedBy", expected.IngressAllowedBy, actual.IngressAllowedBy);
        Sequence("EgressDeniedBy", expected.EgressDeniedBy, actual.EgressDeniedBy);
        Sequence("IngressDeniedBy", expected.IngressDeniedBy, actual.IngressDeniedBy);
        Sequence("PolicyLog", expected.PolicyLog, actual.PolicyLog);
        return differences;
    }

    /// <summary>Fails naming every differing field of the record at <paramref name="where"/>.</summary>
    public static void AssertSame(FlowRecord expected, FlowRecord actual, string where)
    {
        var differences = Differences(expected, actual);
        if (differences.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"{where}:\n  {string.Join("\n  ", differences)}");
        }
    }
}
