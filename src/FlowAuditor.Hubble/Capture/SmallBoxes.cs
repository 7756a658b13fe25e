namespace FlowAuditor.Hubble.Capture;

/// <summary>
/// Shared boxes for the small numbers and booleans a capture line sets through protobuf reflection (enums, flags,
/// identities of reserved entities): a boxed value is immutable, so one box serves every line.
/// </summary>
internal static class SmallBoxes
{
    private const int Count = 1024;

    private static readonly object[] Int32s = [.. Enumerable.Range(0, Count).Select(i => (object)i)];
    private static readonly object[] UInt32s = [.. Enumerable.Range(0, Count).Select(i => (object)(uint)i)];

    public static readonly object True = true;

    public static readonly object False = false;

    public static object Int32(int value) => (uint)value < Count ? Int32s[value] : value;

    public static object UInt32(uint value) => value < Count ? UInt32s[value] : value;
}
