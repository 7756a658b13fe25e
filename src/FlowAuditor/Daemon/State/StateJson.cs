using System.Text.Json.Serialization;
using FlowAuditor.Core.Endpoints;

namespace FlowAuditor.Daemon.State;

/// <summary>Source-generated JSON for the endpoint columns of the state store.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(EndpointData))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StateJson : JsonSerializerContext;
