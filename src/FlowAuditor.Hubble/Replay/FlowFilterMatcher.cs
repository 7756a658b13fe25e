using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Replay.Filters;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// The GetFlows filters, applied as an agent applies them (pkg/hubble/filters/filters.go): whitelist entries are
/// OR-ed, fields inside one filter AND-ed, and the blacklist removes matches. The fields implemented are those of
/// <see cref="FilterCompiler.Supported"/>; a filter that sets any other field is refused, never silently ignored.
/// </summary>
internal sealed class FlowFilterMatcher
{
    private readonly Func<FlowView, bool>[][] _whitelist;
    private readonly Func<FlowView, bool>[][] _blacklist;

    private FlowFilterMatcher(Func<FlowView, bool>[][] whitelist, Func<FlowView, bool>[][] blacklist)
    {
        _whitelist = whitelist;
        _blacklist = blacklist;
    }

    /// <summary>Null with <paramref name="error"/> set when a filter uses a field this server does not implement or a bad value.</summary>
    public static FlowFilterMatcher? Create(GetFlowsRequest request, out string? error)
    {
        var whitelist = Compile(request.Whitelist, "whitelist", out error);
        var blacklist = error is null ? Compile(request.Blacklist, "blacklist", out error) : null;
        return error is null ? new FlowFilterMatcher(whitelist!, blacklist!) : null;
    }

    public bool Matches(FlowView flow) =>
        (_whitelist.Length == 0 || Array.Exists(_whitelist, f => All(f, flow))) && !Array.Exists(_blacklist, f => All(f, flow));

    private static bool All(Func<FlowView, bool>[] predicates, FlowView flow)
    {
        foreach (var predicate in predicates)
        {
            if (!predicate(flow))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<FlowView, bool>[][]? Compile(IEnumerable<FlowFilter> filters, string list, out string? error)
    {
        var compiled = new List<Func<FlowView, bool>[]>();
        foreach (var filter in filters)
        {
            error = UnsupportedField(filter);
            var predicates = error is null ? FilterCompiler.Compile(filter, out error) : null;
            if (predicates is null)
            {
                error = $"{list}: {error}";
                return null;
            }

            compiled.Add(predicates);
        }

        error = null;
        return [.. compiled];
    }

    private static string? UnsupportedField(FlowFilter filter)
    {
        // A field of a newer Hubble than our protos decodes as an unknown field: refuse it by number.
        var input = new CodedInputStream(filter.ToByteArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            if (FlowFilter.Descriptor.FindFieldByNumber(number) is null)
            {
                return $"the replay server does not know FlowFilter field number {number}";
            }

            input.SkipLastField();
        }

        foreach (var field in FlowFilter.Descriptor.Fields.InDeclarationOrder())
        {
            if (FilterCompiler.Supported.Contains(field.FieldNumber))
            {
                continue;
            }

            var value = field.Accessor.GetValue(filter);
            var set = field.IsRepeated ? ((System.Collections.IList)value).Count > 0 : field.FieldType == FieldType.Message ? value is not null : field.Accessor.HasValue(filter);
            if (set)
            {
                return $"the replay server does not implement the FlowFilter field '{field.Name}'";
            }
        }

        return null;
    }
}
