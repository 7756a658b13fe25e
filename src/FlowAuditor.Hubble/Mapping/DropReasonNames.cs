using System.Reflection;
using FlowAuditor.Hubble.Api;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>Drop reasons by their proto names (<c>POLICY_DENIED</c>), as Hubble prints them; unknown numbers as digits.</summary>
internal static class DropReasonNames
{
    private static readonly Dictionary<int, string> Names = typeof(DropReason)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(f => (int)f.GetValue(null)!, f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);

    public static string Of(int reason) =>
        Names.TryGetValue(reason, out var name) ? name : reason.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
