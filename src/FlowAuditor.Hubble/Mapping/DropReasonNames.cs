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

    /// <summary>
    /// A flow's drop reason as every decoder reads it: <c>drop_reason_desc</c> (field 25) when set, else the deprecated
    /// numeric <c>drop_reason</c> (field 3) that older agents send alone; with its name, or null for none.
    /// </summary>
    public static (int Reason, string? Name) Effective(int description, uint deprecated)
    {
        var reason = description != 0 ? description : (int)deprecated;
        return (reason, reason == 0 ? null : Of(reason));
    }
}
