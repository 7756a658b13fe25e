namespace FlowAuditor.Core.Selectors;

/// <summary>matchExpressions operators (Kubernetes and Cilium share them).</summary>
public enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
