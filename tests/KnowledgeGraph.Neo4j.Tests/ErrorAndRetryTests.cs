using System.Net;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Error bodies become <see cref="Neo4jQueryException"/>; only transient failures are retried.</summary>
public sealed class ErrorAndRetryTests
{
    [Fact]
    public async Task A_syntax_error_maps_to_a_typed_exception_with_its_code_and_is_not_retried()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.BadRequest, QueryApiBodies.SyntaxError);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetNodeAsync("x"));

        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Contains("GetNode", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_error_body_with_a_202_status_still_fails()
    {
        // The Query API documents 202 for every outcome but authentication: the body decides.
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.SyntaxError);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetNodeAsync("x"));

        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Wrong_credentials_are_not_retried()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Unauthorized, QueryApiBodies.Unauthorized);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetCountsAsync());

        Assert.Equal("Neo.ClientError.Security.Unauthorized", error.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_transient_error_code_is_retried_and_the_retry_succeeds()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        handler.Enqueue(HttpStatusCode.BadRequest, QueryApiBodies.DeadlockDetected);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var results = await store.UpsertAsync([TestBatches.Paper("1")]);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Equal("paper:PMID1", Assert.Single(results).DocumentId);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Overload_statuses_without_a_neo4j_code_are_retried(HttpStatusCode status)
    {
        var handler = new RecordingHandler();
        handler.Enqueue(status, "");
        handler.Enqueue(status, "<html>busy</html>");
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        Assert.Null(await store.GetDocumentHashAsync("paper:PMID1"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_after_max_retries_and_surface_the_transient_code()
    {
        var handler = new RecordingHandler((_) => (HttpStatusCode.BadRequest, QueryApiBodies.DeadlockDetected));
        var (store, services) = StoreFactory.Create(handler, o => o.MaxRetries = 2);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetNodeAsync("x"));

        Assert.True(error.IsTransient);
        Assert.Equal("Neo.TransientError.Transaction.DeadlockDetected", error.Code);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_database_error_is_not_retried_even_with_a_server_error_status()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.InternalServerError,
            """{"errors": [{"code": "Neo.DatabaseError.General.UnknownError", "message": "boom"}]}""");
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetNodeAsync("x"));

        Assert.Equal("Neo.DatabaseError.General.UnknownError", error.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_then_reported_as_a_neo4j_query_exception()
    {
        var handler = new RecordingHandler(_ => throw new HttpRequestException("Connection refused"));
        var (store, services) = StoreFactory.Create(handler, o => o.MaxRetries = 2);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => store.GetNodeAsync("x"));

        Assert.Equal(Neo4jQueryException.HttpErrorCode, error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, handler.Requests.Count);
    }
}
