using System.Globalization;
using System.Net;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using KnowledgeGraph.Functions.Host.Tests.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>
/// A test stand-in for the Azure Functions host, enough of it to run the built app for real: a gRPC server
/// (127.0.0.1, HTTP/2) implementing the host side of <c>FunctionRpc.EventStream</c>, the worker started as a
/// separate process as the host starts it, the start-up exchange (StartStream, WorkerInitRequest,
/// FunctionsMetadataRequest, FunctionLoadRequest per function, WorkerStatusRequest), and invocations: HTTP
/// requests on a front door (127.0.0.1, routes from the worker's metadata under host.json's route prefix) are
/// forwarded to the worker's own HTTP endpoint with the invocation id header while the InvocationRequest goes over
/// gRPC, as for the ASP.NET Core integration; blob and timer invocations carry model binding data for SDK types.
/// Blob and timer invocations are in FunctionsHost.Triggers.cs. What it does not do (function keys, scaling,
/// Event Grid delivery, retries, blob receipts) is in README.md.
/// </summary>
internal sealed partial class FunctionsHost : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(90);
    public const string HostVersion = "4.0.0-knowledgegraph-test-host";

    private readonly WorkerConnection _connection = new();
    private readonly List<string> _failures = [];
    private WebApplication? _rpc;
    private WebApplication? _frontDoor;
    private WorkerProcess? _worker;
    private HttpClient? _forwarder;

    private FunctionsHost(string appDirectory, AppSettings settings)
    {
        AppDirectory = appDirectory;
        Settings = settings;
    }

    public string AppDirectory { get; }

    public AppSettings Settings { get; }

    public IReadOnlyDictionary<string, LoadedFunction> Functions { get; private set; } = new Dictionary<string, LoadedFunction>();

    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>The front door: what a client of the Function App calls (http://127.0.0.1:PORT/).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The worker's own HTTP endpoint (its HttpUri capability), where HTTP requests are forwarded.</summary>
    public Uri WorkerHttpUri { get; private set; } = null!;

    /// <summary>The worker's logs (over gRPC and its console) and the host's own notes.</summary>
    public IReadOnlyList<string> Logs => _connection.Logs;

    /// <summary>Invocations whose response was a failure, with the worker's exception message.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures) return [.. _failures];
        }
    }

    public bool WorkerHasExited => _worker?.HasExited ?? true;

    /// <summary>The built app of the test's own configuration: functions/bin/CONFIGURATION/net10.0.</summary>
    public static string BuiltAppDirectory()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KnowledgeGraph.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
        var app = Path.Combine(root.FullName, "functions", "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(app, "worker.config.json")) ? app : throw new FileNotFoundException("Build the Functions app first.", Path.Combine(app, "worker.config.json"));
    }

    /// <summary>Starts the worker with these app settings and waits until every function is loaded.</summary>
    public static async Task<FunctionsHost> StartAsync(IReadOnlyDictionary<string, string> appSettings, CancellationToken ct = default)
    {
        var host = new FunctionsHost(BuiltAppDirectory(), new AppSettings(appSettings));
        try
        {
            await host.StartCoreAsync(ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        var grpcUri = await StartRpcServerAsync(ct);
        var workerId = Guid.NewGuid().ToString();
        _worker = WorkerProcess.Start(AppDirectory, grpcUri, workerId, Guid.NewGuid().ToString(), Settings.Values, _connection.AddLog);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(StartTimeout);
        var exited = _worker.WaitForExitAsync(deadline.Token);
        var first = await Task.WhenAny(_connection.Started, exited);
        if (first != _connection.Started)
        {
            await _worker.StopAsync(TimeSpan.FromSeconds(5));
            throw new WorkerStartException(_worker.HasExited ? $"The worker exited with code {_worker.ExitCode} before opening its stream." : "The worker did not connect in time.",
                _worker.HasExited ? _worker.ExitCode : null, connected: false, string.Join('\n', Logs));
        }
        var startedAs = await _connection.Started;
        if (startedAs != workerId) throw new InvalidOperationException($"StartStream named worker '{startedAs}', not the '{workerId}' the host started.");

        try
        {
            await InitializeWorkerAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException && _worker.HasExited)
        {
            throw new WorkerStartException($"The worker exited with code {_worker.ExitCode} while starting.", _worker.ExitCode, connected: true, string.Join('\n', Logs));
        }
        await StartFrontDoorAsync(ct);
    }

    private async Task<Uri> StartRpcServerAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = WorkerProcess.MaxMessageLength;
            o.MaxSendMessageSize = WorkerProcess.MaxMessageLength;
        });
        builder.Services.AddSingleton(_connection);
        _rpc = builder.Build();
        _rpc.MapGrpcService<FunctionRpcService>();
        await _rpc.StartAsync(ct);
        return new Uri(ListeningAddress(_rpc));
    }

    /// <summary>Init, worker indexing, one load per function, then a status round trip: the host's start-up order.</summary>
    private async Task InitializeWorkerAsync(CancellationToken ct)
    {
        var init = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = AppDirectory, FunctionAppDirectory = AppDirectory };
        var initResponse = (await _connection.RequestAsync(new StreamingMessage { WorkerInitRequest = init }, StartTimeout, ct)).WorkerInitResponse
            ?? throw new InvalidOperationException("The worker answered WorkerInitRequest with something else.");
        EnsureSuccess(initResponse.Result, "WorkerInitRequest");
        WorkerCapabilities = initResponse.Capabilities.ToDictionary(kv => kv.Key, kv => kv.Value);

        var metadata = (await _connection.RequestAsync(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppDirectory } }, StartTimeout, ct))
            .FunctionMetadataResponse ?? throw new InvalidOperationException("The worker answered FunctionsMetadataRequest with something else.");
        EnsureSuccess(metadata.Result, "FunctionsMetadataRequest");
        if (metadata.UseDefaultMetadataIndexing) throw new InvalidOperationException("The worker asked the host to index functions itself; this host only does worker indexing.");

        var functions = new Dictionary<string, LoadedFunction>(StringComparer.Ordinal);
        foreach (var function in metadata.FunctionMetadataResults)
        {
            var loaded = LoadedFunction.From(function);
            // The host validates binding expressions when it indexes: an unresolved %setting% is an error here too.
            foreach (var binding in loaded.Bindings)
            {
                foreach (var property in new[] { "path", "blobPath" })
                {
                    if (binding.Get(property) is { } expression) Settings.Resolve(expression);
                }
            }
            var load = new FunctionLoadRequest
            {
                FunctionId = function.FunctionId,
                Metadata = new RpcFunctionMetadata
                {
                    Name = function.Name,
                    Directory = AppDirectory,
                    ScriptFile = function.ScriptFile,
                    EntryPoint = function.EntryPoint,
                    Language = function.Language,
                    IsProxy = false,
                },
            };
            foreach (var binding in loaded.Bindings)
            {
                load.Metadata.Bindings[binding.Name] = new BindingInfo
                {
                    Type = binding.Type,
                    Direction = binding.IsInput ? BindingInfo.Types.Direction.In : BindingInfo.Types.Direction.Out,
                };
            }
            foreach (var (key, value) in function.Properties) load.Metadata.Properties[key] = value;
            var loadResponse = (await _connection.RequestAsync(new StreamingMessage { FunctionLoadRequest = load }, StartTimeout, ct)).FunctionLoadResponse
                ?? throw new InvalidOperationException($"The worker answered the load of {function.Name} with something else.");
            EnsureSuccess(loadResponse.Result, $"FunctionLoadRequest for {function.Name}");
            functions[loaded.Name] = loaded;
        }
        Functions = functions;

        _ = (await _connection.RequestAsync(new StreamingMessage { WorkerStatusRequest = new WorkerStatusRequest() }, StartTimeout, ct)).WorkerStatusResponse
            ?? throw new InvalidOperationException("The worker answered WorkerStatusRequest with something else.");

        WorkerHttpUri = WorkerCapabilities.TryGetValue("HttpUri", out var uri)
            ? LoopbackV4(new Uri(uri))
            : throw new InvalidOperationException("The worker did not report the HttpUri capability (ASP.NET Core integration).");
    }

    // The worker listens on "localhost" (both loopbacks); the tests talk to 127.0.0.1 only.
    private static Uri LoopbackV4(Uri uri) =>
        uri.IsLoopback && uri.Host != "127.0.0.1" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri : uri;

    private async Task StartFrontDoorAsync(CancellationToken ct)
    {
        _forwarder = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false }) { Timeout = InvocationTimeout };
        var routePrefix = RoutePrefix(AppDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        _frontDoor = builder.Build();
        var door = new HttpFrontDoor(_connection, _forwarder, WorkerHttpUri, InvocationTimeout, RecordFailure);
        foreach (var function in Functions.Values.Where(f => f.Trigger.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)))
        {
            var route = function.Trigger.Get("route") ?? function.Name;
            var methods = function.Trigger.GetList("methods").Select(m => m.ToUpperInvariant()).ToList();
            var pattern = routePrefix.Length == 0 ? route : $"{routePrefix}/{route}";
            _frontDoor.MapMethods("/" + pattern, methods.Count == 0 ? ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] : methods,
                context => door.InvokeAsync(context, function));
        }
        await _frontDoor.StartAsync(ct);
        BaseAddress = new Uri(ListeningAddress(_frontDoor) + "/");
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c> ("api" when absent), as the host reads it.</summary>
    private static string RoutePrefix(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path)) return "api";
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix) ? prefix.GetString()!.Trim('/') : "api";
    }

    private void RecordFailure(string failure)
    {
        lock (_failures) _failures.Add(failure);
    }

    /// <summary>Sends an invocation over gRPC and waits (bounded) for its response; failures are recorded.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct = default)
    {
        var answer = (await _connection.RequestAsync(new StreamingMessage { InvocationRequest = request }, InvocationTimeout, ct)).InvocationResponse
            ?? throw new InvalidOperationException("The worker answered an invocation with something else.");
        if (answer.Result.Status != StatusResult.Types.Status.Success)
            RecordFailure($"{request.FunctionId} {request.InvocationId}: {answer.Result.Exception?.Message}");
        return answer;
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result is null || result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException($"{step} failed: {result?.Exception?.Message ?? result?.Result ?? "no result"}");
    }

    private static string ListeningAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

    /// <summary>WorkerTerminate (5 s grace, as the host), then the process tree is killed if still running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            if (!_worker.HasExited && !_connection.Closed.IsCompleted && _connection.Started.IsCompletedSuccessfully)
            {
                try
                {
                    await _connection.SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                }
                catch (InvalidOperationException)
                {
                    // The stream is gone: the kill below ends the worker.
                }
            }
            await _worker.StopAsync(TimeSpan.FromSeconds(10));
            await _worker.DisposeAsync();
        }
        _forwarder?.Dispose();
        if (_frontDoor is not null)
        {
            await _frontDoor.StopAsync(CancellationToken.None);
            await _frontDoor.DisposeAsync();
        }
        if (_rpc is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _rpc.StopAsync(stop.Token);
            await _rpc.DisposeAsync();
        }
    }

    internal static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
