namespace FlowAuditor.Hubble.Wire;

/// <summary>The parts of one Endpoint message the decoder reads, as slices of the received bytes.</summary>
internal ref struct EndpointSpans
{
    public bool Present;
    public uint Identity;
    public ReadOnlySpan<byte> Cluster;
    public ReadOnlySpan<byte> Namespace;
    public ReadOnlySpan<byte> PodName;
    public ReadOnlySpan<byte> Message;
    public int LabelCount;
    public bool HasWorkload;
    public ReadOnlySpan<byte> Workload;
    public ReadOnlySpan<byte> WorkloadName;
    public ReadOnlySpan<byte> WorkloadKind;

    public static EndpointSpans Read(ReadOnlySpan<byte> message)
    {
        var spans = new EndpointSpans { Present = true, Message = message };
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (2, WireReader.Varint):
                    spans.Identity = reader.ReadUInt32();
                    break;
                case (3, WireReader.LengthDelimited):
                    spans.Namespace = reader.ReadBytes();
                    break;
                case (4, WireReader.LengthDelimited):
                    reader.ReadBytes();
                    spans.LabelCount++;
                    break;
                case (5, WireReader.LengthDelimited):
                    spans.PodName = reader.ReadBytes();
                    break;
                case (6, WireReader.LengthDelimited) when !spans.HasWorkload:
                    spans.HasWorkload = true;
                    spans.Workload = reader.ReadBytes();
                    WireReader.BytesFields1And2(spans.Workload, ref spans.WorkloadName, ref spans.WorkloadKind);
                    break;
                case (7, WireReader.LengthDelimited):
                    spans.Cluster = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        return spans;
    }
}
