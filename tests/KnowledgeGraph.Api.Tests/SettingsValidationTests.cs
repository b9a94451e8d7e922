using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Tests;

/// <summary>Every host builds its services with AddKnowledgeGraph; a setting out of its documented range must stop the
/// host with the setting's name, whatever section it is in (nested sections were not validated at first).</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("KG:Extraction:MaxSentenceChars", "5", "MaxSentenceChars")]
    [InlineData("KG:Ingestion:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("KG:Sources:PubMed:FetchBatchSize", "0", "FetchBatchSize")]
    [InlineData("KG:Api:MaxConcurrentExports", "0", "MaxConcurrentExports")]
    [InlineData("KG:Sources:PubMed:MaxRetries", "99", "MaxRetries")]
    [InlineData("KG:Sources:ClinicalTrials:MaxRetries", "99", "MaxRetries")]
    [InlineData("KG:Sources:ClinicalTrials:MaxResponseBytes", "10", "MaxResponseBytes")]
    public void A_nested_setting_out_of_range_is_refused_by_name(string key, string value, string name)
    {
        using var services = Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value);

        Assert.Contains(name, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        using var services = Build([]);

        Assert.Equal(2_000, services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Extraction.MaxSentenceChars);
    }

    [Fact]
    public void Both_services_read_the_shared_settings_and_keep_their_own_retry_defaults()
    {
        using var services = Build(new Dictionary<string, string?> { ["KG:Sources:ClinicalTrials:TimeoutSeconds"] = "30" });
        var sources = services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Sources;

        var pubMed = sources.PubMed.HttpSettings("PubMed", 3);
        var trials = sources.ClinicalTrials.HttpSettings("ClinicalTrials.gov", 0.8);

        Assert.Equal((TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), (pubMed.Timeout, pubMed.RetryBaseDelay, pubMed.RetryMaxDelay));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2)), (trials.Timeout, trials.RetryBaseDelay, trials.RetryMaxDelay));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["KG:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), $"kg-settings-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        // As every host does: the configuration is a service (BindConfiguration reads it from there).
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddKnowledgeGraph(configuration).BuildServiceProvider();
    }
}
