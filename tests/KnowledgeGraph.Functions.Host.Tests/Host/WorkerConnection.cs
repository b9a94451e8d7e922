using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>
/// The host's end of the worker's <c>FunctionRpc.EventStream</c>: one writer (gRPC server streams allow one write at
/// a time), one reader loop, and a wait per request keyed by <c>request_id</c> (the worker echoes it in every
/// response, invocation responses included). Logs the worker sends (<c>RpcLog</c>) are kept for diagnostics.
/// </summary>
internal sealed class WorkerConnection
{
    private const int MaxLogs = 5000;

    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _logs = new();
    private int _attached;

    /// <summary>Completes with the worker id of the first <c>StartStream</c> message.</summary>
    public Task<string> Started => _started.Task;

    /// <summary>Completes when the worker's stream has ended.</summary>
    public Task Closed => _closed.Task;

    public IReadOnlyList<string> Logs => [.. _logs];

    public void AddLog(string line)
    {
        _logs.Enqueue(line);
        while (_logs.Count > MaxLogs && _logs.TryDequeue(out _))
        {
        }
    }

    /// <summary>Serves one EventStream call until the worker ends it or the host stops.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> input, IServerStreamWriter<StreamingMessage> output, CancellationToken ct)
    {
        // The real host accepts one stream per worker id; a second one here would mean two workers.
        if (Interlocked.Exchange(ref _attached, 1) == 1) throw new Grpc.Core.RpcException(new Status(StatusCode.AlreadyExists, "This test host serves one worker stream."));
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writer = WriteAllAsync(output, writing.Token);
        try
        {
            while (await input.MoveNext(ct))
            {
                Dispatch(input.Current);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException or IOException)
        {
            // The worker went away or the host is stopping: both end the stream.
        }
        finally
        {
            _closed.TrySetResult();
            foreach (var pending in _pending.Values) pending.TrySetException(new IOException("The worker's stream closed before it answered."));
            await writing.CancelAsync();
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Sends a request and waits (bounded) for the response with the same request id.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout, CancellationToken ct = default)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = answer;
        try
        {
            if (_closed.Task.IsCompleted) throw new IOException("The worker's stream is closed.");
            await _outbound.Writer.WriteAsync(request, ct);
            return await answer.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not answer {request.ContentCase} within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _pending.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends a message no response is expected for (WorkerTerminate).</summary>
    public ValueTask SendAsync(StreamingMessage message, CancellationToken ct = default)
    {
        message.RequestId = Guid.NewGuid().ToString();
        return _outbound.Writer.WriteAsync(message, ct);
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> output, CancellationToken ct)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(ct))
        {
            await output.WriteAsync(message, ct);
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream.WorkerId);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                var log = message.RpcLog;
                AddLog($"[{log.Level}] {log.Category}: {log.Message}{(log.Exception is { } ex ? " | " + ex.Message : "")}");
                break;
            default:
                if (_pending.TryGetValue(message.RequestId, out var waiter)) waiter.TrySetResult(message);
                else AddLog($"[host] unexpected {message.ContentCase} (request id '{message.RequestId}')");
                break;
        }
    }
}
