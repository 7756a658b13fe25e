using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Policies;
using FlowAuditor.Hubble.Mapping;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// What the direct decoder keeps between lines, as the wire decoder does: interned strings and addresses, and the
/// endpoint, policy and service objects by their JSON bytes, so steady capture traffic allocates little beyond
/// each record. One per reading; not thread-safe.
/// </summary>
internal sealed class DirectCaches
{
    public DirectCaches()
    {
        Endpoints = new(bytes => EndpointReader.Read(bytes, this), slots: 1024, maxLength: 16 * 1024);
        Policies = new(bytes => PolicyReader.Read(bytes, Strings), slots: 1024, maxLength: 4096);
        Services = new(bytes => ServiceReader.Read(bytes, Strings), slots: 256, maxLength: 1024);
    }

    public StringCache Strings { get; } = new();

    public LabelSetCache LabelSets { get; } = new();

    public Utf8Cache<IpEntry> Addresses { get; } = new(IpEntry.Parse);

    public SeenObjects<EndpointEntry> Endpoints { get; }

    public SeenObjects<PolicyRef> Policies { get; }

    public SeenObjects<ServiceRef> Services { get; }

    public BuiltEndpoints BuiltEndpoints { get; } = new();
}
