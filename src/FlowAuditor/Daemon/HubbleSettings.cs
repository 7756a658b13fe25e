using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Daemon;

/// <summary>Translates daemon options into the Hubble client's options.</summary>
internal static class HubbleSettings
{
    public static HubbleClientOptions From(DaemonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HubbleClientOptions
        {
            Address = options.HubbleAddress,
            TlsCaFile = options.TlsCaFile,
            TlsClientCertFile = options.TlsClientCertFile,
            TlsClientKeyFile = options.TlsClientKeyFile,
            TlsServerName = options.TlsServerName,
            Follow = options.Follow,
        };
    }
}
