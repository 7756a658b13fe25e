using FlowAuditor.Core.Ports;

namespace FlowAuditor.Core.Analysis;

/// <summary>An ordered pair and the connections allowed from <see cref="Source"/> to <see cref="Destination"/>.</summary>
public sealed record ConnectivityPair(AnalysisPeer Source, AnalysisPeer Destination, ConnectionSet Connections);
