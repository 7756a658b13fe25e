using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Tests.Ports;

public sealed class PortMatchTests
{
    [Fact]
    public void IcmpType0_IsEchoReplyOnly_NotEveryIcmpType()
    {
        var echoReply = new PortMatch(Protocol.ICMPv4, 0);

        Assert.Equal(PortMatchResult.Match, echoReply.Match(Protocol.ICMPv4, 0, []));
        Assert.Equal(PortMatchResult.NoMatch, echoReply.Match(Protocol.ICMPv4, 8, []));
        Assert.False(echoReply.IsAllPorts);
    }

    [Fact]
    public void TransportEntryWithoutPort_CoversEveryPortOfItsProtocolOnly()
    {
        var udp = new PortMatch(Protocol.UDP);

        Assert.Equal(PortMatchResult.Match, udp.Match(Protocol.UDP, 65535, []));
        Assert.Equal(PortMatchResult.NoMatch, udp.Match(Protocol.TCP, 53, []));
    }
}
