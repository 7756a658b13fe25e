using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FlowAuditor.Hubble.Api;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowAuditor.Hubble.Client;

/// <summary>
/// Reads Hubble's GetFlows stream and keeps it alive: on any break it reconnects with backoff and jitter, resumes
/// with `since` a little before the last flow time seen, and drops the overlap by flow uuid, so each flow is
/// delivered once. Lost events and relay node-status messages are counted and surfaced, never treated as flows.
/// </summary>
public sealed class HubbleClient : IDisposable
{
    private readonly HubbleClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly GrpcChannel _channel;
    private readonly Observer.ObserverClient _observer;

    public HubbleClient(HubbleClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<HubbleClient>() ?? NullLogger.Instance;
        _backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff, options.BackoffMultiplier, options.BackoffJitter, random ?? Random.Shared.NextDouble);
        _channel = HubbleChannelFactory.Create(options, loggerFactory);
        _observer = new Observer.ObserverClient(_channel);
    }

    public HubbleClientCounters Counters { get; } = new();

    /// <summary>Latest ServerStatus answer (queried at every connect), or null before the first.</summary>
    public ServerStatusResponse? LastServerStatus { get; private set; }

    public async Task<ServerStatusResponse> GetServerStatusAsync(CancellationToken cancellationToken = default) =>
        await _observer.ServerStatusAsync(new ServerStatusRequest(), deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken = default) =>
        await _observer.GetNodesAsync(new GetNodesRequest(), deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Writes each flow to <paramref name="writer"/> and completes it when the stream ends or fails.</summary>
    public async Task RunAsync(ChannelWriter<FlowEvent> writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            await foreach (var item in ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item is FlowEvent flow)
                {
                    await writer.WriteAsync(flow, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    /// <summary>
    /// Flows, lost events and node-status changes until the stream ends (without follow), the token is cancelled,
    /// a permanent error occurs, or <see cref="HubbleClientOptions.MaxConsecutiveFailures"/> is reached.
    /// </summary>
    public IAsyncEnumerable<HubbleEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        ReadEventsAsync(new StreamStart(_options.Since, _options.Number), cancellationToken);

    /// <summary>As <see cref="ReadEventsAsync(CancellationToken)"/>, with the first request's position chosen by the caller (a stored resume point).</summary>
    public async IAsyncEnumerable<HubbleEvent> ReadEventsAsync(StreamStart start, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        var session = new StreamSession(_options, start);
        var failures = 0;
        HubbleClientLog.Connecting(_logger, _options.Address);
        try
        {
            while (true)
            {
                Exception? failure = null;
                AsyncServerStreamingCall<GetFlowsResponse>? call = null;
                try
                {
                    call = await OpenAsync(session, cancellationToken).ConfigureAwait(false);
                    Counters.SetConnected(true);
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    failure = ex;
                }

                if (call is not null)
                {
                    using (call)
                    {
                        while (true)
                        {
                            GetFlowsResponse? response = null;
                            try
                            {
                                if (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                                {
                                    response = call.ResponseStream.Current;
                                }
                            }
                            catch (Exception ex) when (IsTransient(ex, cancellationToken))
                            {
                                failure = ex;
                            }
                            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
                            {
                                // Our own cancellation: surface it as such, not as a gRPC failure.
                                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
                            }

                            if (response is null)
                            {
                                break;
                            }

                            failures = 0;
                            var item = Accept(response, session);
                            if (item is not null)
                            {
                                yield return item;
                            }

                            if (session.LimitReached)
                            {
                                yield break;
                            }
                        }
                    }

                    if (failure is null && !_options.Follow)
                    {
                        yield break;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                failures++;
                if (failures >= _options.MaxConsecutiveFailures)
                {
                    throw new HubbleUnavailableException($"Hubble at {_options.Address} failed {failures} times in a row", failure);
                }

                Counters.SetConnected(false);
                var delay = _backoff.Delay(failures - 1);
                HubbleClientLog.StreamBroken(_logger, failure?.Message ?? "server ended the stream", delay);
                Counters.Reconnected();
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Counters.SetConnected(false);
        }
    }

    private async Task<AsyncServerStreamingCall<GetFlowsResponse>> OpenAsync(StreamSession session, CancellationToken cancellationToken)
    {
        await LogServerStatusAsync(cancellationToken).ConfigureAwait(false);
        var request = session.NextRequest(_time.GetUtcNow());
        if (session.IsResume && request.Since is not null)
        {
            HubbleClientLog.Resuming(_logger, request.Since.ToDateTimeOffset());
        }

        return _observer.GetFlows(request, cancellationToken: cancellationToken);
    }

    private async Task LogServerStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var status = await GetServerStatusAsync(cancellationToken).ConfigureAwait(false);
            LastServerStatus = status;
            HubbleClientLog.ServerStatus(_logger, status.Version, status.NumFlows, status.MaxFlows, status.SeenFlows,
                status.NumConnectedNodes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "N/A",
                status.NumUnavailableNodes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "N/A");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unimplemented or StatusCode.PermissionDenied)
        {
            HubbleClientLog.ServerStatusUnavailable(_logger, ex.Status.ToString());
        }
    }

    private HubbleEvent? Accept(GetFlowsResponse response, StreamSession session)
    {
        switch (response.ResponseTypesCase)
        {
            case GetFlowsResponse.ResponseTypesOneofCase.Flow:
                var flow = response.Flow;
                var node = response.NodeName.Length > 0 ? response.NodeName : flow.NodeName;
                if (!session.Seen.TryAdd(FlowKey.Of(flow)) && session.IsDuplicate(flow, response.Time))
                {
                    Counters.DuplicateDropped();
                    return null;
                }

                session.Delivered(node, flow.Time ?? response.Time);
                Counters.FlowDelivered();
                return new FlowEvent(flow, node);
            case GetFlowsResponse.ResponseTypesOneofCase.LostEvents:
                var lost = response.LostEvents;
                Counters.Lost(lost.Source, lost.NumEventsLost);
                HubbleClientLog.LostEvents(_logger, lost.NumEventsLost, lost.Source, response.NodeName);
                return new LostEventsEvent(lost, response.NodeName);
            case GetFlowsResponse.ResponseTypesOneofCase.NodeStatus:
                var status = response.NodeStatus;
                Counters.NodeStatusSeen();
                HubbleClientLog.NodeStatus(_logger, status.StateChange, string.Join(',', status.NodeNames), status.Message);
                return new NodeStatusChange(status, response.NodeName);
            default:
                return null;
        }
    }

    // Errors that retrying cannot fix end the stream; everything else (unavailable, reset, cut, TLS handshake
    // against a restarting relay) is retried.
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex switch
        {
            RpcException rpc => rpc.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unimplemented
                or StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.OutOfRange),
            IOException or HttpRequestException or OperationCanceledException => true,
            _ => false,
        };

    private DateTime Deadline() => _time.GetUtcNow().UtcDateTime + _options.RequestTimeout;

    public void Dispose() => _channel.Dispose();

    /// <summary>Per-run state: what was delivered, where to resume, how many are left.</summary>
    private sealed class StreamSession(HubbleClientOptions options, StreamStart start)
    {
        private readonly ResumePoint _resume = new();
        private DateTimeOffset? _firstConnect;
        private ulong _delivered;
        private long? _overlapEndNanos;

        public RecentFlowKeys Seen { get; } = new(options.DedupCapacity);

        public bool IsResume => _firstConnect is not null;

        public bool LimitReached => !options.Follow && options.Number > 0 && _delivered >= options.Number;

        public void Delivered(string node, Timestamp? time)
        {
            _delivered++;
            _resume.Observe(node, time);
        }

        /// <summary>
        /// A repeated key is a duplicate when it is a uuid. A content hash (agents before 1.14 send no uuid) only
        /// counts inside a resume overlap: outside it, two identical flows are two events as far as anyone can tell.
        /// </summary>
        public bool IsDuplicate(Flow flow, Timestamp? responseTime)
        {
            if (flow.Uuid.Length > 0)
            {
                return true;
            }

            var time = flow.Time ?? responseTime;
            return time is not null && _overlapEndNanos is { } end && (time.Seconds * 1_000_000_000L) + time.Nanos <= end;
        }

        public GetFlowsRequest NextRequest(DateTimeOffset now)
        {
            var request = new GetFlowsRequest { Follow = options.Follow };
            if (options.Until is { } until)
            {
                request.Until = Timestamp.FromDateTimeOffset(until);
            }

            request.Whitelist.AddRange(HubbleFilters.Whitelist(options));
            request.Blacklist.AddRange(options.Blacklist);
            if (_firstConnect is null)
            {
                _firstConnect = now;
                request.Number = start.Number;
                request.First = options.First;
                if (start.Since is { } since)
                {
                    request.Since = Timestamp.FromDateTimeOffset(since);
                }

                return request;
            }

            // Resume: from the last flow seen (or, if none arrived yet, from the first connect) minus the overlap.
            _overlapEndNanos = _resume.LatestNanos() ?? _overlapEndNanos;
            var from = _resume.Earliest() ?? start.Since ?? _firstConnect.Value;
            request.Since = Timestamp.FromDateTimeOffset(from - options.ResumeOverlap);
            return request;
        }
    }
}
