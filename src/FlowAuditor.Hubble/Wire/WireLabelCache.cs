using System.Text;
using FlowAuditor.Core.Endpoints;
using FlowAuditor.Core.Labels;
using FlowAuditor.Hubble.Mapping;

namespace FlowAuditor.Hubble.Wire;

/// <summary>
/// Label sets by (cluster, identity, namespace), confirmed against the raw label bytes of the endpoint message, so a
/// reused identity number never returns stale labels and a hit decodes no string. Not thread-safe.
/// </summary>
internal sealed class WireLabelCache
{
    private const int MaxEntries = 65_536;
    private const int LabelsField = 4;
    private readonly Dictionary<(string Cluster, uint Identity, string Namespace), (byte[][] Raw, LabelSet Labels, EndpointKind Kind)> _entries = [];
    private readonly List<string> _scratch = [];

    /// <param name="endpoint">The whole Endpoint message; its label fields are read from it.</param>
    /// <returns>The labels and their endpoint kind (<see cref="Endpoint.KindOf"/>), both cached.</returns>
    public (LabelSet Labels, EndpointKind Kind) Get(string cluster, uint identity, string ns, ReadOnlySpan<byte> endpoint, int count)
    {
        var key = (cluster, identity, ns);
        if (_entries.TryGetValue(key, out var cached) && Same(cached.Raw, endpoint, count))
        {
            return (cached.Labels, cached.Kind);
        }

        var raw = new byte[count][];
        _scratch.Clear();
        var reader = new WireReader(endpoint);
        var i = 0;
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == LabelsField && wireType == WireReader.LengthDelimited)
            {
                var label = reader.ReadBytes();
                raw[i++] = label.ToArray();
                _scratch.Add(Encoding.UTF8.GetString(label));
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }

        var labels = LabelSetCache.Parse(_scratch, ns);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var kind = Endpoint.KindOf(labels);
        _entries[key] = (raw, labels, kind);
        return (labels, kind);
    }

    private static bool Same(byte[][] cached, ReadOnlySpan<byte> endpoint, int count)
    {
        if (cached.Length != count)
        {
            return false;
        }

        var reader = new WireReader(endpoint);
        var i = 0;
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == LabelsField && wireType == WireReader.LengthDelimited)
            {
                if (!reader.ReadBytes().SequenceEqual(cached[i++]))
                {
                    return false;
                }
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }

        return true;
    }
}
