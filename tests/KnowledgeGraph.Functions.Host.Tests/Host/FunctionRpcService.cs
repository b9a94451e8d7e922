using Grpc.Core;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>The gRPC service the worker connects to (<c>--functions-uri</c>); the stream is the connection's.</summary>
internal sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        connection.RunAsync(requestStream, responseStream, context.CancellationToken);
}
