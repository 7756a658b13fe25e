using System.Text.Json;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using Google.Protobuf.Reflection;
using ApiEndpoint = FlowAuditor.Hubble.Api.Endpoint;
using ApiWorkload = FlowAuditor.Hubble.Api.Workload;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>Reads one Endpoint JSON object (a new one: repeats come from the cache) as the mapper reads an Endpoint message.</summary>
internal static class EndpointReader
{
    private static readonly Utf8NameTable<FieldDescriptor> Fields = ProtoJsonNames.FieldsOf(ApiEndpoint.Descriptor);
    private static readonly Utf8NameTable<FieldDescriptor> WorkloadFields = ProtoJsonNames.FieldsOf(ApiWorkload.Descriptor);

    public static Parsed<EndpointEntry> Read(ReadOnlySpan<byte> json, DirectCaches caches)
    {
        var state = new State { Caches = caches, Labels = [] };
        if (!ObjectWalk.TryRead(json, Fields, ref state, ReadField))
        {
            return Parsed<EndpointEntry>.Declined;
        }

        var labels = state.Labels.Count == 0 ? LabelSet.Empty : caches.LabelSets.Get(state.Cluster, state.Identity, state.Namespace, state.Labels);
        var kind = labels.Count == 0 ? EndpointKind.Pod : Core.Endpoints.Endpoint.KindOf(labels);
        var workload = state.HasWorkload && state.Namespace.Length > 0 ? new WorkloadRef(state.Namespace, state.WorkloadName, state.WorkloadKind) : null;
        return Parsed<EndpointEntry>.Of(new EndpointEntry(state.Identity, state.Namespace, labels, kind, state.PodName, workload));
    }

    private static bool ReadField(ref Utf8JsonReader reader, FieldDescriptor field, ref State state) => field.FieldNumber switch
    {
        ApiEndpoint.IdentityFieldNumber => ProtoJsonScalars.TryReadUInt32(in reader, out state.Identity),
        ApiEndpoint.ClusterNameFieldNumber => JsonRead.TryString(in reader, state.Caches.Strings, out state.Cluster),
        ApiEndpoint.NamespaceFieldNumber => JsonRead.TryString(in reader, state.Caches.Strings, out state.Namespace),
        ApiEndpoint.PodNameFieldNumber => JsonRead.TryString(in reader, state.Caches.Strings, out state.PodName),
        ApiEndpoint.LabelsFieldNumber => JsonRead.TryStrings(ref reader, state.Caches.Strings, state.Labels),
        ApiEndpoint.WorkloadsFieldNumber => ObjectWalk.TryReadArray(ref reader, ref state, ReadWorkload),
        _ => ProtoJsonSkipper.TrySkip(ref reader, field),
    };

    // The mapper names an endpoint's first workload; the others are only checked.
    private static bool ReadWorkload(ref Utf8JsonReader reader, ref State state)
    {
        if (state.HasWorkload)
        {
            return reader.TokenType == JsonTokenType.StartObject && ProtoJsonSkipper.TrySkipObject(ref reader, ApiWorkload.Descriptor);
        }

        state.HasWorkload = true;
        return ObjectWalk.TryRead(ref reader, WorkloadFields, ref state, static (ref Utf8JsonReader r, FieldDescriptor f, ref State s) => f.FieldNumber switch
        {
            ApiWorkload.NameFieldNumber => JsonRead.TryString(in r, s.Caches.Strings, out s.WorkloadName),
            ApiWorkload.KindFieldNumber => JsonRead.TryString(in r, s.Caches.Strings, out s.WorkloadKind),
            _ => ProtoJsonSkipper.TrySkip(ref r, f),
        });
    }

    private struct State
    {
        public DirectCaches Caches;
        public List<string> Labels;
        public uint Identity;
        public string Cluster = string.Empty;
        public string Namespace = string.Empty;
        public string PodName = string.Empty;
        public bool HasWorkload;
        public string WorkloadName = string.Empty;
        public string WorkloadKind = string.Empty;

        public State()
        {
            Caches = null!;
            Labels = null!;
        }
    }
}
