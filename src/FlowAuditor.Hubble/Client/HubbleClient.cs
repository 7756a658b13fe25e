using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FlowAuditor.Hubble.Api;
using FlowAuditor.Hubble.Wire;
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
    private readonly CallInvoker _invoker;

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
        _invoker = _channel.CreateCallInvoker();
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
    public IAsyncEnumerable<HubbleEvent> ReadEventsAsync(StreamStart start, CancellationToken cancellationToken = default) =>
        ReadAsync(start, FlowsMethods.Full, AcceptFull, fast: false, cancellationToken);

    /// <summary>
    /// The fast path for attribution: flows decoded straight from the wire into Core records
    /// (<see cref="FlowRecordEvent"/>, equal to what <see cref="Mapping.FlowRecordMapper"/> makes of the full flow), lost
    /// events and node-status changes as in <see cref="ReadEventsAsync(StreamStart, CancellationToken)"/>, and a
    /// <see cref="StreamPaused"/> whenever no further message is buffered. Asks for only the fields it reads when
    /// <see cref="HubbleClientOptions.FieldMask"/> is on.
    /// </summary>
    public IAsyncEnumerable<HubbleEvent> ReadRecordsAsync(StreamStart start, CancellationToken cancellationToken = default) =>
        ReadAsync(start, FlowsMethods.Decoded(new FlowWireDecoder()), AcceptDecoded, fast: true, cancellationToken);

    /// <summary>As <see cref="ReadRecordsAsync(StreamStart, CancellationToken)"/> from the configured since / number.</summary>
    public IAsyncEnumerable<HubbleEvent> ReadRecordsAsync(CancellationToken cancellationToken = default) =>
        ReadRecordsAsync(new StreamStart(_options.Since, _options.Number), cancellationToken);

    private async IAsyncEnumerable<HubbleEvent> ReadAsync<TResponse>(
        StreamStart start,
        Method<GetFlowsRequest, TResponse> method,
        Func<TResponse, StreamSession, HubbleEvent?> accept,
        bool fast,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(start);
        var session = new StreamSession(_options, start, fast && _options.FieldMask);
        var failures = 0;
        HubbleClientLog.Connecting(_logger, _options.Address);
        try
        {
            while (true)
            {
                Exception? failure = null;
                AsyncServerStreamingCall<TResponse>? call = null;
                var retryNow = false;
                try
                {
                    call = await OpenAsync(session, method, cancellationToken).ConfigureAwait(false);
                    Counters.SetConnected(true);
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    failure = ex;
                }
                catch (Exception ex) when (OwnCancellation.Caused(ex, cancellationToken))
                {
                    throw new OperationCanceledException(ex.Message, ex, cancellationToken);
                }

                if (call is not null)
                {
                    using (call)
                    {
                        while (true)
                        {
                            TResponse? response = null;
                            Task<bool>? next = null;
                            try
                            {
                                next = call.ResponseStream.MoveNext(cancellationToken);
                            }
                            catch (Exception ex) when (IsTransient(ex, cancellationToken))
                            {
                                failure = ex;
                            }

                            if (fast && next is { IsCompleted: false })
                            {
                                yield return StreamPaused.Instance;
                            }

                            try
                            {
                                if (next is not null && await next.ConfigureAwait(false))
                                {
                                    response = call.ResponseStream.Current;
                                }
                            }
                            catch (RpcException ex) when (session.MaskRejectedBy(ex))
                            {
                                // An older server refused field_mask: ask again, at once, without it.
                                HubbleClientLog.FieldMaskRejected(_logger, ex.Status.Detail);
                                retryNow = true;
                            }
                            catch (Exception ex) when (IsTransient(ex, cancellationToken))
                            {
                                failure = ex;
                            }
                            catch (Exception ex) when (OwnCancellation.Caused(ex, cancellationToken))
                            {
                                // Surfaced as the cancellation it is, not as a gRPC failure.
                                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
                            }

                            if (response is null)
                            {
                                break;
                            }

                            failures = 0;
                            var item = accept(response, session);
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

                    if (retryNow)
                    {
                        continue;
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

    private async Task<AsyncServerStreamingCall<TResponse>> OpenAsync<TResponse>(StreamSession session, Method<GetFlowsRequest, TResponse> method, CancellationToken cancellationToken)
        where TResponse : class
    {
        await LogServerStatusAsync(cancellationToken).ConfigureAwait(false);
        var request = session.NextRequest(_time.GetUtcNow());
        if (session.IsResume && request.Since is not null)
        {
            HubbleClientLog.Resuming(_logger, request.Since.ToDateTimeOffset());
        }

        return _invoker.AsyncServerStreamingCall(method, null, new CallOptions(cancellationToken: cancellationToken), request);
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

    private HubbleEvent? AcceptFull(GetFlowsResponse response, StreamSession session)
    {
        switch (response.ResponseTypesCase)
        {
            case GetFlowsResponse.ResponseTypesOneofCase.Flow:
                var flow = response.Flow;
                var node = response.NodeName.Length > 0 ? response.NodeName : flow.NodeName;
                var time = flow.Time ?? response.Time;
                var nanos = time is null ? (long?)null : (time.Seconds * 1_000_000_000L) + time.Nanos;
                return Deliver(session, FlowKey.Of(flow), flow.Uuid.Length > 0, node, nanos) ? new FlowEvent(flow, node) : null;
            case GetFlowsResponse.ResponseTypesOneofCase.LostEvents:
                return Lost(response.LostEvents, response.NodeName);
            case GetFlowsResponse.ResponseTypesOneofCase.NodeStatus:
                return Status(response.NodeStatus, response.NodeName);
            default:
                return null;
        }
    }

    private HubbleEvent? AcceptDecoded(WireResponse response, StreamSession session)
    {
        switch (response.Kind)
        {
            case WireResponseKind.Flow:
                Counters.FlowRead(response.Size);
                return Deliver(session, response.Key, response.HasUuid, response.NodeName, response.TimeNanos)
                    ? new FlowRecordEvent(response.Flow!, response.NodeName)
                    : null;
            case WireResponseKind.LostEvents:
                return Lost(response.LostEvents!, response.NodeName);
            case WireResponseKind.NodeStatus:
                return Status(response.NodeStatus!, response.NodeName);
            default:
                return null;
        }
    }

    // False for a duplicate from a resumed stream (dropped and counted).
    private bool Deliver(StreamSession session, Guid key, bool hasUuid, string node, long? timeNanos)
    {
        if (session.MayBeResent(timeNanos) && session.Seen.DeliveredBeforeResume(key) && session.IsDuplicate(hasUuid, timeNanos))
        {
            Counters.DuplicateDropped();
            return false;
        }

        session.Seen.Record(key);
        session.Delivered(node, timeNanos);
        Counters.FlowDelivered();
        return true;
    }

    private LostEventsEvent Lost(LostEvent lost, string node)
    {
        Counters.Lost(lost.Source, lost.NumEventsLost);
        HubbleClientLog.LostEvents(_logger, lost.NumEventsLost, lost.Source, node);
        return new LostEventsEvent(lost, node);
    }

    private NodeStatusChange Status(NodeStatusEvent status, string node)
    {
        Counters.NodeStatusSeen();
        HubbleClientLog.NodeStatus(_logger, status.StateChange, string.Join(',', status.NodeNames), status.Message);
        return new NodeStatusChange(status, node);
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
    private sealed class StreamSession(HubbleClientOptions options, StreamStart start, bool mask)
    {
        private bool _mask = mask;
        private readonly ResumePoint _resume = new();
        private DateTimeOffset? _firstConnect;
        private ulong _delivered;
        private long? _overlapEndNanos;

        public RecentFlowKeys Seen { get; } = new(options.DedupCapacity);

        public bool IsResume => _firstConnect is not null;

        public bool LimitReached => !options.Follow && options.Number > 0 && _delivered >= options.Number;

        public void Delivered(string node, long? timeNanos)
        {
            _delivered++;
            if (timeNanos is { } nanos)
            {
                _resume.Observe(node, nanos);
            }
        }

        /// <summary>
        /// True once, when the server refuses the first masked request as an older one does (InvalidArgument or
        /// Unimplemented before any flow): the next request is the first one again, without the mask.
        /// </summary>
        public bool MaskRejectedBy(RpcException error)
        {
            if (!_mask || _delivered > 0 || error.StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unimplemented))
            {
                return false;
            }

            _mask = false;
            _firstConnect = null;
            return true;
        }

        /// <summary>
        /// A repeated key is a duplicate when it is a uuid. A content hash (agents before 1.14 send no uuid) only
        /// counts inside a resume overlap: outside it, two identical flows are two events as far as anyone can tell.
        /// </summary>
        public bool IsDuplicate(bool hasUuid, long? timeNanos) =>
            hasUuid || (timeNanos is { } time && _overlapEndNanos is { } end && time <= end);

        /// <summary>
        /// Whether a flow can be one sent before the last resume: only one no newer than the latest delivered then
        /// (or one without a time). Everything else skips the lookup.
        /// </summary>
        public bool MayBeResent(long? timeNanos) =>
            Seen.Resumed && (timeNanos is not { } time || (_overlapEndNanos is { } end && time <= end));

        public GetFlowsRequest NextRequest(DateTimeOffset now)
        {
            var request = new GetFlowsRequest { Follow = options.Follow };
            if (options.Until is { } until)
            {
                request.Until = Timestamp.FromDateTimeOffset(until);
            }

            request.Whitelist.AddRange(HubbleFilters.Whitelist(options));
            request.Blacklist.AddRange(options.Blacklist);
            if (_mask)
            {
                request.FieldMask = new FieldMask { Paths = { FlowsMethods.DecodedFields } };
            }

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
            Seen.Resuming();
            var from = _resume.Earliest() ?? start.Since ?? _firstConnect.Value;
            request.Since = Timestamp.FromDateTimeOffset(from - options.ResumeOverlap);
            return request;
        }
    }
}
