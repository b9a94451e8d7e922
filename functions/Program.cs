using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddKnowledgeGraph(builder.Configuration);
// Auth levels are compiled into the function metadata, so a setting cannot change them at run time: refuse to start
// rather than serve reads anonymously when KG:Api:RequireKeyForReads asks for keys (see FunctionAuth).
builder.Services.AddOptions<KnowledgeGraphOptions>()
    .Validate(o => !o.Api.RequireKeyForReads || FunctionAuth.ReadsRequireKey,
        "KG:Api:RequireKeyForReads is true but this build serves reads anonymously; publish with -p:KgRequireKeyForReads=true.");
await builder.Build().RunAsync();
