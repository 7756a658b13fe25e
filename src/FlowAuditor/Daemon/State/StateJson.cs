using System.Text.Json.Serialization;
using FlowAuditor.Core.Auditing;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Daemon.State;

/// <summary>Source-generated JSON for the endpoint columns and the meta values of the state store.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(EndpointData))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(PersistedSummary))]
[JsonSerializable(typeof(IReadOnlyList<StoredNodePosition>))]
[JsonSerializable(typeof(IReadOnlyList<PersistedWindow>))]
internal sealed partial class StateJson : JsonSerializerContext;
