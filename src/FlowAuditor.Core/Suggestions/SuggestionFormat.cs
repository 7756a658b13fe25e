namespace FlowAuditor.Core.Suggestions;

public enum SuggestionFormat
{
    NetworkPolicy,
    Cilium,
}
