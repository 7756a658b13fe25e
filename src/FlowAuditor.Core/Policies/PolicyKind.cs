namespace FlowAuditor.Core.Policies;

public enum PolicyKind
{
    NetworkPolicy,
    CiliumNetworkPolicy,
    CiliumClusterwideNetworkPolicy,
}
