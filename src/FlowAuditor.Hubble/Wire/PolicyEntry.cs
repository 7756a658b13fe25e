using System.Text;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Hubble.Wire;

/// <summary>A Policy message read once: the reference it makes, or none (Cilium-internal rules have no name).</summary>
internal sealed class PolicyEntry(PolicyRef? reference)
{
    public PolicyRef? Reference { get; } = reference;

    public static PolicyEntry Parse(ReadOnlySpan<byte> message)
    {
        string name = string.Empty, ns = string.Empty, kind = string.Empty;
        List<string>? labels = null;
        var reader = new WireReader(message);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, WireReader.LengthDelimited):
                    name = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case (2, WireReader.LengthDelimited):
                    ns = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                case (3, WireReader.LengthDelimited):
                    (labels ??= []).Add(Encoding.UTF8.GetString(reader.ReadBytes()));
                    break;
                case (5, WireReader.LengthDelimited):
                    kind = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(field, wireType);
                    break;
            }
        }

        return new PolicyEntry(name.Length == 0 ? null : new PolicyRef(PolicyKinds.Of(kind, labels ?? [], ns), ns.Length == 0 ? null : ns, name));
    }
}
