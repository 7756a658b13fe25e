using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// GetFlowsRequest.field_mask (Hubble 1.16+), as the agent applies it (pkg/hubble/parser/fieldmask): paths are proto
/// field names of Flow (<c>source.pod_name</c>, <c>IP</c>, <c>l4</c>), and a served flow carries only those fields.
/// No mask, or one without paths, leaves flows whole. A path that names no Flow field is refused.
/// </summary>
internal sealed class FlowMask
{
    private readonly FieldMask _mask;

    private FlowMask(FieldMask mask)
    {
        _mask = mask;
        IncludesTime = mask.Paths.Contains("time");
    }

    /// <summary>Whether served flows keep their time.</summary>
    public bool IncludesTime { get; }

    /// <summary>Null when nothing is masked, or with <paramref name="error"/> set when a path is invalid.</summary>
    public static FlowMask? Create(FieldMask? mask, out string? error, ICollection<string>? unknownFields = null)
    {
        error = null;
        if (mask is null || mask.Paths.Count == 0)
        {
            return null;
        }

        foreach (var path in mask.Paths)
        {
            if (!FieldMask.IsValid(Flow.Descriptor, new FieldMask { Paths = { path } }) || unknownFields?.Contains(path.Split('.')[0]) == true)
            {
                error = $"invalid field_mask path '{path}': it names no field of flow.Flow";
                return null;
            }
        }

        return new FlowMask(mask.Normalize());
    }

    /// <summary>A new flow with only the masked fields of <paramref name="flow"/>.</summary>
    public Flow Apply(Flow flow)
    {
        var masked = new Flow();
        _mask.Merge(flow, masked);
        return masked;
    }
}
