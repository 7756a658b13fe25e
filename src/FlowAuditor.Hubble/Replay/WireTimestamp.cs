namespace FlowAuditor.Hubble.Replay;

/// <summary>A google.protobuf.Timestamp held as Unix nanoseconds, encoded without allocating a message.</summary>
internal static class WireTimestamp
{
    public static (long Seconds, int Nanos) Split(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }

        return (seconds, (int)nanos);
    }

    public static int BodySize(long unixNanos)
    {
        var (seconds, nanos) = Split(unixNanos);
        return (seconds != 0 ? 1 + WireWriter.VarintSize((ulong)seconds) : 0) + (nanos != 0 ? 1 + WireWriter.VarintSize((ulong)nanos) : 0);
    }

    public static void Write(ref WireWriter writer, int field, long unixNanos)
    {
        var (seconds, nanos) = Split(unixNanos);
        writer.WriteLengthPrefix(field, BodySize(unixNanos));
        if (seconds != 0)
        {
            writer.WriteTag(1, 0);
            writer.WriteVarint((ulong)seconds);
        }

        if (nanos != 0)
        {
            writer.WriteTag(2, 0);
            writer.WriteVarint((ulong)nanos);
        }
    }

    public static Google.Protobuf.WellKnownTypes.Timestamp ToTimestamp(long unixNanos)
    {
        var (seconds, nanos) = Split(unixNanos);
        return new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos };
    }

    public static long ToUnixNanos(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        (timestamp.Seconds * 1_000_000_000L) + timestamp.Nanos;
}
