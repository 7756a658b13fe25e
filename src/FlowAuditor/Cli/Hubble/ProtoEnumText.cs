using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Cli.Hubble;

/// <summary>An enum value by its proto name (<c>FORWARDED</c>, <c>TRAFFIC_DIRECTION_UNKNOWN</c>), the number when it
/// has none: what Go's generated <c>String()</c> prints.</summary>
internal static class ProtoEnumText
{
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        // Protobuf enums are int-backed: read the number without boxing (this runs for every printed flow).
        var number = Unsafe.SizeOf<T>() == sizeof(int) ? Unsafe.As<T, int>(ref value) : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        return Names<T>.ByNumber.TryGetValue(number, out var name) ? name : number.ToString(CultureInfo.InvariantCulture);
    }

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<int, string> ByNumber = typeof(T)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => Convert.ToInt32(f.GetValue(null), CultureInfo.InvariantCulture),
                f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);
    }
}
