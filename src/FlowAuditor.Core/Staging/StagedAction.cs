namespace FlowAuditor.Core.Staging;

/// <summary>What a staged change does to the enforced policies.</summary>
public enum StagedAction
{
    /// <summary>Adds the policy, or replaces the enforced object with the same kind, namespace and name.</summary>
    Set,

    /// <summary>Removes the enforced object with the same kind, namespace and name.</summary>
    Delete,
}
