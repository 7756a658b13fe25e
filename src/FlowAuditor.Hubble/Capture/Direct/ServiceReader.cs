using System.Text.Json;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Hubble.Wire;
using Google.Protobuf.Reflection;
using ApiService = FlowAuditor.Hubble.Api.Service;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Reads one Service JSON object (a new one: repeats come from the cache) into the reference the mapper makes of it.</summary>
internal static class ServiceReader
{
    private static readonly Utf8NameTable<FieldDescriptor> Fields = ProtoJsonNames.FieldsOf(ApiService.Descriptor);

    public static Parsed<ServiceRef> Read(ReadOnlySpan<byte> json, StringCache strings)
    {
        var state = (Strings: strings, Name: string.Empty, Namespace: string.Empty);
        var ok = ObjectWalk.TryRead(json, Fields, ref state, static (ref Utf8JsonReader r, FieldDescriptor f, ref (StringCache Strings, string Name, string Namespace) s) => f.FieldNumber switch
        {
            ApiService.NameFieldNumber => JsonRead.TryString(in r, s.Strings, out s.Name),
            ApiService.NamespaceFieldNumber => JsonRead.TryString(in r, s.Strings, out s.Namespace),
            _ => ProtoJsonSkipper.TrySkip(ref r, f),
        });

        // A service without a name (Hubble prints {} for none) is no service.
        return !ok ? Parsed<ServiceRef>.Declined : Parsed<ServiceRef>.Of(state.Name.Length == 0 ? null : new ServiceRef(state.Namespace, state.Name));
    }
}
