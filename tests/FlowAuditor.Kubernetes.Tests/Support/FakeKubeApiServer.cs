using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowAuditor.Testing;

/// <summary>
/// An in-process Kubernetes API server (Kestrel on 127.0.0.1, a free port) speaking the real list/watch protocol
/// for the resources FlowAuditor watches, so tests drive the real KubernetesClient rather than a mocked interface:
/// <list type="bullet">
/// <item>list: <c>{"kind":"XList","metadata":{"resourceVersion":"N"},"items":[...]}</c> (typed items without kind, as the real server sends them);</item>
/// <item>watch (<c>?watch=true&amp;resourceVersion=N</c>): newline-delimited events after N, then live ones, on an open chunked response;</item>
/// <item>a watch from a version older than the retained history gets an ERROR event with a 410 <c>Status</c>, then the stream ends;</item>
/// <item><c>fieldSelector=spec.nodeName=X</c> for pods, <c>timeoutSeconds</c>, <c>allowWatchBookmarks</c>, 404 for an uninstalled CRD.</item>
/// <item>get of one ConfigMap (<c>/api/v1/namespaces/NS/configmaps/NAME</c>), 404 when absent, 403 after <see cref="Forbid"/>.</item>
/// </list>
/// Every change bumps one global resource version, as etcd's revision does. Self-contained so other test projects
/// can link this one file.
/// </summary>
internal sealed class FakeKubeApiServer : IAsyncDisposable
{
    private static readonly FakeResource[] Resources =
    [
        new("/api/v1/namespaces", "v1", "Namespace", Namespaced: false, Custom: false),
        new("/api/v1/pods", "v1", "Pod", Namespaced: true, Custom: false),
        new("/apis/networking.k8s.io/v1/networkpolicies", "networking.k8s.io/v1", "NetworkPolicy", Namespaced: true, Custom: false),
        new("/apis/cilium.io/v2/ciliumnetworkpolicies", "cilium.io/v2", "CiliumNetworkPolicy", Namespaced: true, Custom: true),
        new("/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies", "cilium.io/v2", "CiliumClusterwideNetworkPolicy", Namespaced: false, Custom: true),
        new("/apis/flowauditor.io/v1alpha1/stagedpolicies", "flowauditor.io/v1alpha1", "StagedPolicy", Namespaced: true, Custom: true),
        new("/api/v1/configmaps", "v1", "ConfigMap", Namespaced: true, Custom: false),
    ];

    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private readonly Dictionary<(string Kind, string Key), JsonObject> _objects = [];
    private readonly List<(long Version, string Kind, string Type, JsonObject Object)> _history = [];
    private readonly List<WatchStream> _watches = [];
    private readonly HashSet<string> _missingKinds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forbiddenKinds = new(StringComparer.Ordinal);
    private readonly List<(string Kind, bool Watch, string? ResourceVersion)> _requests = [];
    private TaskCompletionSource _watchGate = Completed();
    private long _version = 100;
    private long _oldestWatchable;
    private bool _goneAsHttpStatus;

    private FakeKubeApiServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Base address for <c>new KubernetesClientConfiguration { Host = Url }</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The current (global) resource version.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public static async Task<FakeKubeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubeApiServer(app);
        ((IApplicationBuilder)app).Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Creates or replaces an object (JSON with kind and metadata.name); open watches get ADDED or MODIFIED.</summary>
    public long Apply(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        var resource = ResourceOfKind((string?)obj["kind"] ?? throw new ArgumentException("object has no kind"));
        var metadata = obj["metadata"]?.AsObject() ?? throw new ArgumentException("object has no metadata");
        if (resource.Namespaced)
        {
            metadata["namespace"] ??= "default";
        }

        lock (_gate)
        {
            var key = (resource.Kind, KeyOf(obj));
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            metadata["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
            _objects[key] = obj;
            Record(resource, type, obj);
            return _version;
        }
    }

    /// <summary>Deletes an object; open watches get DELETED with its last state at the new version.</summary>
    public long Delete(string kind, string name, string? ns = null)
    {
        var resource = ResourceOfKind(kind);
        lock (_gate)
        {
            var key = (resource.Kind, resource.Namespaced ? $"{ns ?? "default"}/{name}" : name);
            if (!_objects.Remove(key, out var obj))
            {
                throw new InvalidOperationException($"no {kind} {key.Item2}");
            }

            obj["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
            Record(resource, "DELETED", obj);
            return _version;
        }
    }

    /// <summary>Sends a BOOKMARK at the current version to the open watches of <paramref name="kind"/> that asked for bookmarks.</summary>
    public long Bookmark(string kind)
    {
        var resource = ResourceOfKind(kind);
        lock (_gate)
        {
            var bookmark = new JsonObject
            {
                ["kind"] = resource.Kind,
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
            };
            foreach (var watch in _watches.Where(w => w.Resource == resource && w.Bookmarks))
            {
                watch.Send(Event("BOOKMARK", bookmark));
            }

            return _version;
        }
    }

    /// <summary>
    /// Forgets the event history, as etcd compaction does: a watch from an older version now gets 410 Gone, as an
    /// ERROR event (what the API server does) or, with <paramref name="asHttpStatus"/>, as the HTTP status (some proxies).
    /// </summary>
    public void ExpireHistory(bool asHttpStatus = false)
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestWatchable = _version;
            _goneAsHttpStatus = asHttpStatus;
        }
    }

    /// <summary>Ends every open watch stream cleanly, as the server does when a watch's timeout passes.</summary>
    public void CloseWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Close();
            }
        }
    }

    /// <summary>
    /// Simulates a client cut off from the server: open watches end and new ones wait until <see cref="ResumeWatches"/>,
    /// so changes made meanwhile are not seen live (lists are still served).
    /// </summary>
    public void PauseWatches()
    {
        lock (_gate)
        {
            _watchGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var watch in _watches)
            {
                watch.Close();
            }
        }
    }

    public void ResumeWatches()
    {
        lock (_gate)
        {
            _watchGate.TrySetResult();
        }
    }

    /// <summary>Uninstalls (404 on list and watch, open watches closed) or reinstalls the CRD of <paramref name="kind"/>.</summary>
    public void SetCrdInstalled(string kind, bool installed)
    {
        var resource = ResourceOfKind(kind);
        lock (_gate)
        {
            if (installed)
            {
                _missingKinds.Remove(resource.Kind);
                return;
            }

            _missingKinds.Add(resource.Kind);
            foreach (var watch in _watches.Where(w => w.Resource == resource))
            {
                watch.Close();
            }
        }
    }

    /// <summary>Answers every request for <paramref name="kind"/> with 403 Forbidden, as RBAC without the verb does.</summary>
    public void Forbid(string kind)
    {
        lock (_gate)
        {
            _forbiddenKinds.Add(ResourceOfKind(kind).Kind);
        }
    }

    public int ListCount(string kind) => Requests(kind, watch: false).Count;

    public int WatchCount(string kind) => Requests(kind, watch: true).Count;

    /// <summary>The <c>resourceVersion</c> each watch of <paramref name="kind"/> started from, in order.</summary>
    public IReadOnlyList<string?> WatchVersions(string kind) => Requests(kind, watch: true);

    public int OpenWatchCount(string kind)
    {
        lock (_gate)
        {
            return _watches.Count(w => w.Resource.Kind == kind);
        }
    }

    public async ValueTask DisposeAsync()
    {
        ResumeWatches();
        CloseWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private static FakeResource ResourceOfKind(string kind) =>
        Resources.FirstOrDefault(r => r.Kind == kind) ?? throw new ArgumentException($"the fake API server does not serve {kind}");

    private static string KeyOf(JsonObject obj)
    {
        var metadata = obj["metadata"]!;
        var name = (string?)metadata["name"] ?? throw new ArgumentException("object has no metadata.name");
        return metadata["namespace"] is { } ns ? $"{(string?)ns}/{name}" : name;
    }

    private static string Event(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static bool Matches(JsonObject obj, string? nodeName) =>
        nodeName is null || (string?)obj["spec"]?["nodeName"] == nodeName;

    private void Record(FakeResource resource, string type, JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        _history.Add((_version, resource.Kind, type, copy));
        foreach (var watch in _watches.Where(w => w.Resource == resource && Matches(copy, w.NodeName)))
        {
            watch.Send(Event(type, copy));
        }
    }

    private IReadOnlyList<string?> Requests(string kind, bool watch)
    {
        lock (_gate)
        {
            return [.. _requests.Where(r => r.Kind == kind && r.Watch == watch).Select(r => r.ResourceVersion)];
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method == HttpMethods.Get && SingleObject(context.Request.Path.Value) is { } single)
        {
            await GetAsync(context, single.Resource, single.Key);
            return;
        }

        var resource = Resources.FirstOrDefault(r => r.Path == context.Request.Path.Value);
        if (resource is null || context.Request.Method != HttpMethods.Get)
        {
            await WriteStatusAsync(context, Status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }

        var query = context.Request.Query;
        var watch = query["watch"] is var w && (w == "true" || w == "1");
        var resourceVersion = query["resourceVersion"].FirstOrDefault();
        var selector = query["fieldSelector"].FirstOrDefault();
        var nodeName = selector is { } s && s.StartsWith("spec.nodeName=", StringComparison.Ordinal) ? s["spec.nodeName=".Length..] : null;
        bool missing;
        lock (_gate)
        {
            _requests.Add((resource.Kind, watch, resourceVersion));
            missing = _missingKinds.Contains(resource.Kind);
        }

        if (missing)
        {
            await WriteStatusAsync(context, Status(404, "NotFound", "the server could not find the requested resource"));
        }
        else if (watch)
        {
            var bookmarks = query["allowWatchBookmarks"] == "true";
            var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            await WatchAsync(context, resource, resourceVersion, nodeName, bookmarks, timeout);
        }
        else
        {
            await ListAsync(context, resource, nodeName);
        }
    }

    // /api/v1/namespaces/NS/configmaps/NAME: the one kind read by name rather than listed.
    private static (FakeResource Resource, string Key)? SingleObject(string? path)
    {
        var parts = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["api", "v1", "namespaces", var ns, "configmaps", var name]
            ? (ResourceOfKind("ConfigMap"), $"{ns}/{name}")
            : null;
    }

    private async Task GetAsync(HttpContext context, FakeResource resource, string key)
    {
        JsonObject? found;
        bool forbidden;
        lock (_gate)
        {
            _requests.Add((resource.Kind, false, null));
            forbidden = _forbiddenKinds.Contains(resource.Kind);
            found = _objects.TryGetValue((resource.Kind, key), out var obj) ? obj.DeepClone().AsObject() : null;
        }

        if (forbidden)
        {
            await WriteStatusAsync(context, Status(403, "Forbidden", $"configmaps \"{key}\" is forbidden: User cannot get resource \"configmaps\""));
        }
        else if (found is null)
        {
            await WriteStatusAsync(context, Status(404, "NotFound", $"configmaps \"{key}\" not found"));
        }
        else
        {
            found["apiVersion"] = resource.ApiVersion;
            found["kind"] = resource.Kind;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(found.ToJsonString());
        }
    }

    private async Task ListAsync(HttpContext context, FakeResource resource, string? nodeName)
    {
        JsonObject list;
        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var ((kind, _), obj) in _objects.OrderBy(p => p.Key.Key, StringComparer.Ordinal))
            {
                if (kind == resource.Kind && Matches(obj, nodeName))
                {
                    var item = obj.DeepClone().AsObject();
                    if (!resource.Custom)
                    {
                        item.Remove("kind");
                        item.Remove("apiVersion");
                    }

                    items.Add(item);
                }
            }

            list = new JsonObject
            {
                ["apiVersion"] = resource.ApiVersion,
                ["kind"] = resource.Kind + "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
                ["items"] = items,
            };
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(list.ToJsonString());
    }

    private async Task WatchAsync(HttpContext context, FakeResource resource, string? resourceVersion, string? nodeName, bool bookmarks, TimeSpan timeout)
    {
        Task gate;
        lock (_gate)
        {
            gate = _watchGate.Task;
        }

        try
        {
            await gate.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var stream = new WatchStream(resource, nodeName, bookmarks);
        JsonObject? gone = null;
        lock (_gate)
        {
            var from = long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var v) ? v : 0;
            if (from != 0 && from < _oldestWatchable && _goneAsHttpStatus)
            {
                gone = Status(410, "Gone", $"too old resource version: {from} ({_oldestWatchable})");
            }
            else if (from == 0)
            {
                // No version: the current state as synthetic ADDED events, then changes.
                foreach (var obj in _objects.Where(p => p.Key.Kind == resource.Kind && Matches(p.Value, nodeName)).Select(p => p.Value))
                {
                    stream.Send(Event("ADDED", obj));
                }
            }
            else if (from < _oldestWatchable)
            {
                stream.Send(Event("ERROR", Status(410, "Expired", $"too old resource version: {from} ({_oldestWatchable})")));
                stream.Close();
            }
            else
            {
                foreach (var (_, _, type, obj) in _history.Where(e => e.Version > from && e.Kind == resource.Kind && Matches(e.Object, nodeName)))
                {
                    stream.Send(Event(type, obj));
                }
            }

            if (gone is null)
            {
                _watches.Add(stream);
            }
        }

        if (gone is not null)
        {
            await WriteStatusAsync(context, gone);
            return;
        }

        try
        {
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            deadline.CancelAfter(timeout);
            await foreach (var line in stream.Lines.ReadAllAsync(deadline.Token))
            {
                await context.Response.WriteAsync(line + "\n", deadline.Token);
                await context.Response.Body.FlushAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout passed or the client went away: the stream simply ends.
        }
        catch (IOException)
        {
            // The client closed the connection mid-write.
        }
        finally
        {
            lock (_gate)
            {
                _watches.Remove(stream);
            }
        }
    }

    private static async Task WriteStatusAsync(HttpContext context, JsonObject status)
    {
        context.Response.StatusCode = (int)status["code"]!;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(status.ToJsonString());
    }

    private sealed record FakeResource(string Path, string ApiVersion, string Kind, bool Namespaced, bool Custom);

    /// <summary>One open watch: lines queued under the server lock, written by the request's own task.</summary>
    private sealed class WatchStream(FakeResource resource, string? nodeName, bool bookmarks)
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public FakeResource Resource => resource;

        public string? NodeName => nodeName;

        public bool Bookmarks => bookmarks;

        public ChannelReader<string> Lines => _lines.Reader;

        public void Send(string line) => _lines.Writer.TryWrite(line);

        public void Close() => _lines.Writer.TryComplete();
    }
}
