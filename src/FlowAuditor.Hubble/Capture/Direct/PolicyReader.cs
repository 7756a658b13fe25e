using System.Text.Json;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Wire;
using Google.Protobuf.Reflection;
using ApiPolicy = FlowAuditor.Hubble.Api.Policy;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Reads one Policy JSON object (a new one: repeats come from the cache) into the reference the mapper makes of it.</summary>
internal static class PolicyReader
{
    private static readonly Utf8NameTable<FieldDescriptor> Fields = ProtoJsonNames.FieldsOf(ApiPolicy.Descriptor);

    public static Parsed<PolicyRef> Read(ReadOnlySpan<byte> json, StringCache strings)
    {
        var state = new State { Strings = strings, Labels = [] };
        if (!ObjectWalk.TryRead(json, Fields, ref state, ReadField))
        {
            return Parsed<PolicyRef>.Declined;
        }

        // Cilium-internal rules (allow-localhost and the like) have no name: nothing to cross-check.
        return Parsed<PolicyRef>.Of(state.Name.Length == 0
            ? null
            : new PolicyRef(PolicyKinds.Of(state.Kind, state.Labels, state.Namespace), state.Namespace.Length == 0 ? null : state.Namespace, state.Name));
    }

    private static bool ReadField(ref Utf8JsonReader reader, FieldDescriptor field, ref State state) => field.FieldNumber switch
    {
        ApiPolicy.NameFieldNumber => JsonRead.TryString(in reader, state.Strings, out state.Name),
        ApiPolicy.NamespaceFieldNumber => JsonRead.TryString(in reader, state.Strings, out state.Namespace),
        ApiPolicy.KindFieldNumber => JsonRead.TryString(in reader, state.Strings, out state.Kind),
        ApiPolicy.LabelsFieldNumber => JsonRead.TryStrings(ref reader, state.Strings, state.Labels),
        _ => ProtoJsonSkipper.TrySkip(ref reader, field),
    };

    private struct State
    {
        public StringCache Strings;
        public List<string> Labels;
        public string Name = string.Empty;
        public string Namespace = string.Empty;
        public string Kind = string.Empty;

        public State()
        {
            Strings = null!;
            Labels = null!;
        }
    }
}
