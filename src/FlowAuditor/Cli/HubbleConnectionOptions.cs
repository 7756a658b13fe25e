using System.CommandLine;
using FlowAuditor.Hubble.Client;

namespace FlowAuditor.Cli;

/// <summary>The Hubble server and TLS flags <c>observe</c> and <c>audit --server</c> share, with hubble's names.</summary>
internal sealed class HubbleConnectionOptions
{
    private readonly Option<bool> _tls = new("--tls") { Description = "Use TLS (implied by tls:// or --tls-ca-cert-files)." };
    private readonly Option<string?> _ca = new("--tls-ca-cert-files") { Description = "PEM CA bundle the server certificate must chain to (Cilium CA)." };
    private readonly Option<string?> _clientCert = new("--tls-client-cert-file") { Description = "PEM client certificate for mTLS." };
    private readonly Option<string?> _clientKey = new("--tls-client-key-file") { Description = "PEM key of --tls-client-cert-file." };
    private readonly Option<string?> _serverName = new("--tls-server-name") { Description = "Name to verify, e.g. instance.hubble-relay.cilium.io." };

    public IEnumerable<Option> All => [_tls, _ca, _clientCert, _clientKey, _serverName];

    /// <summary>Client options for <paramref name="address"/> with the TLS flags as parsed.</summary>
    public HubbleClientOptions ClientOptions(ParseResult parse, string address)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new HubbleClientOptions
        {
            Address = address,
            Tls = parse.GetValue(_tls),
            TlsCaFile = parse.GetValue(_ca),
            TlsClientCertFile = parse.GetValue(_clientCert),
            TlsClientKeyFile = parse.GetValue(_clientKey),
            TlsServerName = parse.GetValue(_serverName),
        };
    }
}
