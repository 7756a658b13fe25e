using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Daemon;

/// <summary>Translates daemon options into the Hubble client's options.</summary>
internal static class HubbleSettings
{
    public static HubbleClientOptions From(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new HubbleClientOptions
        {
            Address = options.HubbleAddress,
            TlsCaFile = options.TlsCaFile,
            TlsClientCertFile = options.TlsClientCertFile,
            TlsClientKeyFile = options.TlsClientKeyFile,
            TlsServerName = options.TlsServerName,
            Follow = options.Follow,
            FieldMask = options.HubbleFieldMask,
        };
        foreach (var verdict in options.Verdicts)
        {
            client.Verdicts.Add(ParseVerdict(verdict));
        }

        return client;
    }

    /// <summary>A Hubble verdict by its proto name (<c>DROPPED</c>, <c>AUDIT</c>, ...), case-insensitive.</summary>
    public static Verdict ParseVerdict(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var known = Enum.GetValues<Verdict>().Where(v => v != Verdict.Unknown).ToList();
        foreach (var verdict in known)
        {
            if (string.Equals(ProtoName(verdict), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return verdict;
            }
        }

        throw new ArgumentException($"--verdict: '{name}' is not a Hubble verdict ({string.Join(", ", known.Select(ProtoName))})", nameof(name));
    }

    // The C# names are the proto names in Pascal case (FORWARDED -> Forwarded).
    private static string ProtoName(Verdict verdict) => verdict.ToString().ToUpperInvariant();
}
