using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FlowAuditor.Hubble.Tls;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Hubble.Client;

/// <summary>Builds the gRPC channel for the three deployment modes: agent unix socket, plaintext TCP, TLS/mTLS to relay.</summary>
internal static class HubbleChannelFactory
{
    public static GrpcChannel Create(HubbleClientOptions options, ILoggerFactory? loggerFactory)
    {
        var address = HubbleAddress.Parse(options.Address);
        var tls = options.UsesTls(address);
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingDelay = options.KeepAliveInterval,
            KeepAlivePingTimeout = options.KeepAliveTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            // A wider initial window lets a busy relay stream fill the pipe before dynamic window scaling catches up.
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };

        // The URI host is what TLS verifies and sends as SNI, so a server-name override goes there and the
        // socket is dialled to the real endpoint by ConnectCallback.
        EndPoint endpoint = address.IsUnixSocket
            ? new UnixDomainSocketEndPoint(address.SocketPath!)
            : new DnsEndPoint(address.Host!, address.Port);
        handler.ConnectCallback = (_, ct) => ConnectAsync(endpoint, ct);
        var uriHost = address.IsUnixSocket ? "localhost" : options.TlsServerName ?? address.Host!;
        if (tls)
        {
            handler.SslOptions = ClientSsl(options);
        }

        var uri = new UriBuilder(tls ? "https" : "http", uriHost, address.IsUnixSocket ? 80 : address.Port).Uri;
        return GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            LoggerFactory = loggerFactory,
        });
    }

    private static SslClientAuthenticationOptions ClientSsl(HubbleClientOptions options)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            // Cilium's Hubble servers require TLS 1.3; 1.2 stays for other relays.
            EnabledSslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12,
        };
        if (options.TlsCaFile is not null)
        {
            var trust = new CustomRootTrust(TlsFiles.LoadCaBundle(options.TlsCaFile));
            ssl.RemoteCertificateValidationCallback = (_, cert, chain, errors) => trust.IsTrusted(cert, chain, errors);
        }

        if (options.TlsClientCertFile is not null)
        {
            ssl.ClientCertificates = [TlsFiles.LoadCertificateWithKey(options.TlsClientCertFile, options.TlsClientKeyFile!)];
        }

        return ssl;
    }

    private static async ValueTask<Stream> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
