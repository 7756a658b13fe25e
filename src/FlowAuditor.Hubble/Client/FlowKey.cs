using System.Security.Cryptography;
using System.Text;
using FlowAuditor.Hubble.Api;
using Google.Protobuf;

namespace FlowAuditor.Hubble.Client;

/// <summary>A 128-bit identity for a flow, used to drop the overlap after a resume.</summary>
internal static class FlowKey
{
    /// <summary>
    /// The agent's uuid (1.14+) when present — parsed without allocating. Older agents send none; the same flow read
    /// again from the ring is byte-identical, so a hash of its encoding identifies it.
    /// </summary>
    public static Guid Of(Flow flow)
    {
        if (Guid.TryParse(flow.Uuid, out var uuid))
        {
            return uuid;
        }

        Span<byte> hash = stackalloc byte[32];
        if (flow.Uuid.Length > 0)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(flow.Uuid), hash);
        }
        else
        {
            SHA256.HashData(flow.ToByteArray(), hash);
        }

        return new Guid(hash[..16]);
    }
}
