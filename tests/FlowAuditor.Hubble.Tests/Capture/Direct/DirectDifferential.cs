using System.Text;
using FlowAuditor.Hubble.Capture;
using FlowAuditor.Hubble.Capture.Direct;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Tests.Shared;

namespace FlowAuditor.Hubble.Tests.Capture.Direct;

/// <summary>
/// The direct decoder held against the general path (CaptureLineParser, then FlowRecordMapper through CaptureEvents)
/// for one line: a line it decodes must be one the general path reads as a flow, to the same record and node.
/// </summary>
internal static class DirectDifferential
{
    /// <summary>Whether the decoder took the line; when it did, its event equals the general path's.</summary>
    public static bool DecodesAsReference(CaptureLineDecoder decoder, string line, string where)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var reference = CaptureLineParser.Parse(bytes, out var error);
        var expected = reference is null ? null : CaptureEvents.Of(reference, new FlowRecordMapper());
        if (!decoder.TryDecode(bytes, out var actual))
        {
            return false;
        }

        // The decoder follows FastProtoJson's rules, so what it takes the fast parser takes too.
        Assert.True(FastProtoJson.TryParseCaptureLine(bytes, out _), $"{where}: decoded a line the fast parser declines");
        var flow = Assert.IsType<FlowRecordEvent>(expected, exactMatch: true);
        Assert.True(error is null, $"{where}: decoded a line the general path rejects ({error})");
        Assert.Equal(flow.NodeName, actual.NodeName);
        FlowRecordComparison.AssertSame(flow.Record, actual.Record, where);
        return true;
    }

    /// <summary>Events of either reading path compared as an audit consumes them.</summary>
    public static void AssertSameEvents(IReadOnlyList<HubbleEvent> expected, IReadOnlyList<HubbleEvent> actual, string where)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            switch (expected[i])
            {
                case FlowRecordEvent flow:
                    var other = Assert.IsType<FlowRecordEvent>(actual[i], exactMatch: true);
                    Assert.Equal(flow.NodeName, other.NodeName);
                    FlowRecordComparison.AssertSame(flow.Record, other.Record, $"{where} event {i}");
                    break;
                default:
                    Assert.Equal(expected[i], actual[i]);
                    break;
            }
        }
    }
}
