using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Client;
using FlowAuditor.Hubble.Tls;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Hubble.Replay;

/// <summary>
/// A real gRPC server (Kestrel + Grpc.AspNetCore) speaking `observer.Observer` from captured flows (GetFlows with
/// number, first, follow, since, until, filters and field masks; ServerStatus; GetNodes; GetNamespaces), plus
/// `peer.Peer` and `grpc.health.v1.Health` as a Cilium agent serves them, so hubble-relay can aggregate it. It can
/// be stopped and started again on the same address while its feed keeps going, like a relay restarting in front
/// of agents.
/// </summary>
public sealed class ReplayServer : IAsyncDisposable
{
    public const string Version = "flowauditor-replay 1.0";

    /// <summary>The health service name of an agent's observer (pkg/hubble/api/v1/const.go, ObserverServiceName).</summary>
    public const string ObserverHealthName = "hubble.server.Observer";

    private readonly ReplayServerOptions _options;
    private readonly ReplayContext _context;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private WebApplication? _app;
    private int _boundPort;

    public ReplayServer(ReplayServerOptions options, IEnumerable<GetFlowsResponse> records, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        options.Validate();
        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        _context = new ReplayContext(new ReplayFeed(records, options, time), options, time);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ReplayServer>();
    }

    /// <summary>The address clients dial (`127.0.0.1:PORT` or `unix:///PATH`), once started.</summary>
    public string? Address { get; private set; }

    /// <summary>Records read so far by clients' point of view: how many are published.</summary>
    public long Published => _context.Feed.Published;

    /// <summary>GetFlows calls being served now.</summary>
    public int OpenStreams => _context.OpenStreams;

    /// <summary>Publishes <paramref name="count"/> more records (only with <see cref="ReplayServerOptions.ManualRelease"/>).</summary>
    public void Release(int count)
    {
        if (!_options.ManualRelease)
        {
            throw new InvalidOperationException("Release needs ReplayServerOptions.ManualRelease");
        }

        _context.Feed.Release(count);
    }

    /// <summary>Starts listening (again, on the same address after a stop) and returns the address to dial.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("the replay server is already running");
        }

        var listen = _options.ListenAddress();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ReplayServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton(_context);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(AgentHealth());
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (listen.IsUnixSocket)
            {
                DeleteStaleSocket(listen.SocketPath!);
                kestrel.ListenUnixSocket(listen.SocketPath!, ConfigureListener);
            }
            else
            {
                var port = listen.Port == 0 ? _boundPort : listen.Port;
                var endpoint = new IPEndPoint(IPAddress.Parse(listen.Host!), port);
                ListenProbe.ThrowIfInUse(endpoint);
                kestrel.Listen(endpoint, ConfigureListener);
            }
        });

        var app = builder.Build();
        app.MapGrpcService<ReplayObserverService>();
        app.MapGrpcService<ReplayPeerService>();
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Address = listen.IsUnixSocket ? $"unix://{listen.SocketPath}" : BoundTcpAddress(app, listen);
        _context.Address = Address;
        ReplayLog.Listening(_logger, Address, _context.Feed.Count);
        return Address;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var app = _app;
        if (app is null)
        {
            return;
        }

        _app = null;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        ReplayLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(timeout.Token).ConfigureAwait(false);
    }

    // As the agent's Hubble server: the whole server and its observer service are SERVING (`hubble status` asks the latter).
    private static HealthServiceImpl AgentHealth()
    {
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        health.SetStatus(ObserverHealthName, HealthCheckResponse.Types.ServingStatus.Serving);
        return health;
    }

    private void ConfigureListener(ListenOptions listener)
    {
        // gRPC needs HTTP/2; without TLS that means prior knowledge (h2c), as on the agent's socket.
        listener.Protocols = HttpProtocols.Http2;
        if (_options.TlsCertFile is null)
        {
            return;
        }

        var certificate = TlsFiles.LoadCertificateWithKey(_options.TlsCertFile, _options.TlsKeyFile!);
        listener.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12;
            if (_options.ClientCaFile is not null)
            {
                var trust = new CustomRootTrust(TlsFiles.LoadCaBundle(_options.ClientCaFile));
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (cert, chain, errors) => trust.IsTrusted(cert, chain, errors);
            }
        });
    }

    private string BoundTcpAddress(WebApplication app, HubbleAddress listen)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _boundPort = new Uri(bound).Port;
        return new HubbleAddress(listen.Host, _boundPort, null, null).ToString();
    }

    private static void DeleteStaleSocket(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
