using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Cli.Hubble;

/// <summary>An enum value by its proto name (<c>FORWARDED</c>, <c>TRAFFIC_DIRECTION_UNKNOWN</c>), the number when it
/// has none: what Go's generated <c>String()</c> prints.</summary>
internal static class ProtoEnumText
{
    private static readonly ConcurrentDictionary<Type, Dictionary<int, string>> Names = new();

    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        var names = Names.GetOrAdd(typeof(T), type => type
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => Convert.ToInt32(f.GetValue(null), CultureInfo.InvariantCulture),
                f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name));
        return names.TryGetValue(number, out var name) ? name : number.ToString(CultureInfo.InvariantCulture);
    }
}
