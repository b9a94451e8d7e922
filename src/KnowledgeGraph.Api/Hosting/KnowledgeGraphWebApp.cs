using KnowledgeGraph.Api.Explorer;
using KnowledgeGraph.Api.Http;
using KnowledgeGraph.Api.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Api.Hosting;

/// <summary>The Kestrel host of the API (<c>kg serve</c>, and the in-process tests): same services, same endpoints.</summary>
public static class KnowledgeGraphWebApp
{
    public static WebApplicationBuilder CreateBuilder(IDictionary<string, string?> settings, FolderWatchOptions? watch = null, BlobWatchOptions? blobs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKnowledgeGraph(builder.Configuration);
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<KnowledgeGraph.Core.Configuration.KnowledgeGraphOptions>>((kestrel, kg) => RequestLimits.ConfigureKestrel(kestrel, kg.Value.Api));
        if (watch is not null)
        {
            builder.Services.AddSingleton(watch);
            builder.Services.AddHostedService<FolderWatcher>();
        }
        if (blobs is not null)
        {
            builder.Services.AddSingleton(blobs);
            builder.Services.AddSingleton<BlobContainerPoller>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BlobContainerPoller>());
        }
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        // Safety net only: handlers already turn their failures into problems. Unknown routes get a 404 problem too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLimits>();
        app.UseMiddleware<WriteGuard>();
        app.MapKnowledgeGraphApi();
        // kg serve opens on the graph explorer (Functions serves it at /api/explorer only).
        app.MapGet("/", (HttpRequest r, ExplorerHandlers h, CancellationToken ct) => h.AssetAsync(r, null, ct)).ExcludeFromDescription();
        return app;
    }
}
