using System.Runtime.CompilerServices;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Hubble.Wire;

namespace FlowAuditor.Hubble.Capture.Direct;

/// <summary>
/// The Core endpoints built from an endpoint object, an address and a service, by reference: all three come from
/// <see cref="DirectCaches"/>, so the same pod on the same address is the same three objects on every line and its
/// endpoint is built once (as the wire decoder's <see cref="EndpointCache"/> does for the stream). Sides with DNS
/// names are built each time: the names are the flow's own. Bounded; one per reading, not thread-safe.
/// </summary>
internal sealed class BuiltEndpoints
{
    private const int MaxEntries = 16 * 1024;
    private readonly Dictionary<Key, Core.Endpoints.Endpoint> _built = [];

    public Core.Endpoints.Endpoint Get(EndpointEntry? entry, IpEntry? address, List<string> names, ServiceRef? service)
    {
        if (names.Count > 0)
        {
            return EndpointEntry.ToEndpoint(entry, address, names, service);
        }

        var key = new Key(entry, address, service);
        if (_built.TryGetValue(key, out var built))
        {
            return built;
        }

        if (_built.Count >= MaxEntries)
        {
            _built.Clear();
        }

        built = EndpointEntry.ToEndpoint(entry, address, names, service);
        _built[key] = built;
        return built;
    }

    // By reference: EndpointEntry and ServiceRef are records, whose value equality would compare label sets per line.
    private readonly struct Key(EndpointEntry? entry, IpEntry? address, ServiceRef? service) : IEquatable<Key>
    {
        private readonly EndpointEntry? _entry = entry;
        private readonly IpEntry? _address = address;
        private readonly ServiceRef? _service = service;

        public bool Equals(Key other) =>
            ReferenceEquals(_entry, other._entry) && ReferenceEquals(_address, other._address) && ReferenceEquals(_service, other._service);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(_entry), RuntimeHelpers.GetHashCode(_address), RuntimeHelpers.GetHashCode(_service));
    }
}
