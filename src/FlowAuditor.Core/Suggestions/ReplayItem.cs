using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Suggestions;

/// <summary>One observed denied connection to replay: subject, peer, direction, protocol and port.</summary>
public sealed record ReplayItem(Endpoint Subject, Endpoint Peer, TrafficDirection Direction, Protocol Protocol, int Port);
