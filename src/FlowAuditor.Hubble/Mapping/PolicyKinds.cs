using FlowAuditor.Core.Labels;
using FlowAuditor.Core.Policies;

namespace FlowAuditor.Hubble.Mapping;

/// <summary>The kind of policy a Hubble <c>Policy</c> names: its kind field, else its derived-from label, else by namespace.</summary>
internal static class PolicyKinds
{
    private const string DerivedFromKey = "io.cilium.k8s.policy.derived-from";

    public static PolicyKind Of(string kind, IEnumerable<string> labels, string ns)
    {
        var named = kind.Length > 0 ? kind : labels.Select(Label.Parse).FirstOrDefault(l => l.Key == DerivedFromKey).Value;
        return named switch
        {
            "NetworkPolicy" => PolicyKind.NetworkPolicy,
            "CiliumClusterwideNetworkPolicy" => PolicyKind.CiliumClusterwideNetworkPolicy,
            "CiliumNetworkPolicy" => PolicyKind.CiliumNetworkPolicy,
            _ => ns.Length == 0 ? PolicyKind.CiliumClusterwideNetworkPolicy : PolicyKind.CiliumNetworkPolicy,
        };
    }
}
