using KnowledgeGraph.Api.Explorer;
using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Functions.Tests;

/// <summary>
/// The Explorer function runs the handler kg serve runs: /api/explorer (no asset) is the page, named assets come
/// from the same manifest. The Functions host itself cannot run here, so the function is invoked directly.
/// </summary>
public sealed class ExplorerFunctionTests
{
    private static async Task<HttpContext> InvokeAsync(string? asset)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<ExplorerAssets>().AddSingleton<ExplorerHandlers>().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var result = await new ExplorerFunctions(services.GetRequiredService<ExplorerHandlers>()).Explorer(context.Request, asset, CancellationToken.None);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return context;
    }

    [Theory]
    [InlineData(null, "text/html; charset=utf-8", "<!doctype html>")]
    [InlineData("", "text/html; charset=utf-8", "<!doctype html>")]
    [InlineData("app.js", "text/javascript; charset=utf-8", "/api")]
    [InlineData("style.json", "application/json; charset=utf-8", "background-color")]
    public async Task Explorer_function_serves_the_page_and_its_assets(string? asset, string contentType, string content)
    {
        var context = await InvokeAsync(asset);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(contentType, context.Response.ContentType);
        Assert.False(string.IsNullOrEmpty(context.Response.Headers.ETag));
        Assert.Contains(content, await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explorer_function_answers_an_unknown_asset_with_a_404_problem()
    {
        var context = await InvokeAsync("../host.json");
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
    }
}
