namespace FlowAuditor.Core.Analysis;

/// <summary>One direction of an explanation as text: <c>Ingress (Denied)</c> and the policy lines under it.</summary>
public sealed record DirectionText(string Header, IReadOnlyList<string> Details);
