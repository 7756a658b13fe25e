using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Tests.Support;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Tests.Capture;

public sealed class WireCompatibilityTests
{
    [Fact]
    public async Task Unknown_fields_survive_a_binary_decode_encode_round_trip()
    {
        var flow = (await HubbleFixtures.ReadAllFixturesAsync()).First(r => r.Flow?.Uuid.Length > 0).Flow;
        var known = flow.ToByteArray();
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(4242, WireFormat.WireType.LengthDelimited);   // a field a future agent might add
        output.WriteString("from-the-future");
        output.WriteTag(4243, WireFormat.WireType.Varint);
        output.WriteUInt64(7);
        output.Flush();
        var withUnknown = known.Concat(extra.ToArray()).ToArray();

        var decoded = Flow.Parser.ParseFrom(withUnknown);

        Assert.Equal(withUnknown, decoded.ToByteArray());
        Assert.Equal(flow.Uuid, decoded.Uuid);
    }

    [Fact]
    public void An_unknown_enum_number_is_kept_on_the_wire()
    {
        var flow = new Flow { Verdict = (Verdict)99, DropReasonDesc = (DropReason)250, TraceObservationPoint = (TraceObservationPoint)77 };

        var decoded = Flow.Parser.ParseFrom(flow.ToByteArray());

        Assert.Equal(99, (int)decoded.Verdict);
        Assert.Equal(250, (int)decoded.DropReasonDesc);
        Assert.Equal(77, (int)decoded.TraceObservationPoint);
    }

    [Fact]
    public void Field_numbers_match_the_upstream_api()
    {
        // A spot check of numbers that matter for attribution and resume; the rest are written from the same reference.
        var fields = Flow.Descriptor.Fields;
        Assert.Equal(34, fields.InDeclarationOrder().Single(f => f.Name == "uuid").FieldNumber);
        Assert.Equal(25, fields.InDeclarationOrder().Single(f => f.Name == "drop_reason_desc").FieldNumber);
        Assert.Equal(21004, fields.InDeclarationOrder().Single(f => f.Name == "egress_denied_by").FieldNumber);
        Assert.Equal(21006, fields.InDeclarationOrder().Single(f => f.Name == "policy_log").FieldNumber);
        Assert.Equal(100000, fields.InDeclarationOrder().Single(f => f.Name == "Summary").FieldNumber);
        Assert.Equal(1001, GetFlowsResponse.Descriptor.FindFieldByName("time").FieldNumber);
        Assert.Equal(9, GetFlowsRequest.Descriptor.FindFieldByName("first").FieldNumber);
        Assert.Equal("observer.Observer", Observer.Descriptor.FullName);
    }
}
