using System.Reflection;
using System.Text.Json;
using KnowledgeGraph.Core.Configuration;

namespace KnowledgeGraph.Infra.Tests;

/// <summary>The app settings in the Bicep templates against the keys the app binds (<see cref="KnowledgeGraphOptions"/>).</summary>
public sealed class AppSettingsTests
{
    private static readonly IReadOnlyDictionary<string, (JsonElement Value, ArmScope Scope)> Settings = CollectKgSettings();

    private static readonly string[] RequiredKeys =
    [
        "KG__Store",
        "KG__Neo4j__Uri",
        "KG__Neo4j__Database",
        "KG__Neo4j__User",
        "KG__Neo4j__Password",
        "KG__Ingestion__Container",
        "KG__Ingestion__FailedContainer",
        "KG__Ingestion__Connection",
        "KG__Api__RequireKeyForReads",
    ];

    /// <summary>
    /// Environment keys of the options class: <c>KG__</c> + property path joined with <c>__</c>, leaves being
    /// the properties the configuration binder sets (scalars, enums, <see cref="Uri"/>).
    /// </summary>
    internal static SortedSet<string> OptionKeys()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        Flatten(typeof(KnowledgeGraphOptions), KnowledgeGraphOptions.SectionName, keys);
        return keys;

        static void Flatten(Type type, string prefix, SortedSet<string> keys)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                var key = $"{prefix}__{property.Name}";
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (propertyType.IsPrimitive || propertyType.IsEnum || propertyType == typeof(string) || propertyType == typeof(Uri)
                    || propertyType == typeof(decimal) || propertyType == typeof(TimeSpan))
                {
                    keys.Add(key);
                }
                else if (propertyType.IsClass)
                {
                    Flatten(propertyType, key, keys);
                }
            }
        }
    }

    [Fact]
    public void Option_keys_are_flattened_by_section_and_property()
    {
        var keys = OptionKeys();

        Assert.Contains("KG__Store", keys);
        Assert.Contains("KG__Neo4j__Password", keys);
        Assert.Contains("KG__Ingestion__FailedContainer", keys);
        Assert.Contains("KG__Sqlite__Path", keys);
        Assert.DoesNotContain("KG__Neo4j", keys);
        Assert.DoesNotContain(keys, k => k.Contains("DefaultPath", StringComparison.Ordinal)); // static, not bound
    }

    [Fact]
    public void Every_KG_app_setting_in_bicep_is_a_key_of_the_options_class()
    {
        Assert.NotEmpty(Settings);
        var keys = OptionKeys();
        var unknown = Settings.Keys.Where(k => !keys.Contains(k)).ToList();

        Assert.True(unknown.Count == 0, $"app settings that bind to nothing: {string.Join(", ", unknown)}; known keys: {string.Join(", ", keys)}");
    }

    [Fact]
    public void KG_settings_in_the_bicep_sources_match_the_compiled_template()
    {
        // Guards the collection above: a KG__ key written in Bicep source must show up in the ARM JSON walked here.
        var inSources = Directory.EnumerateFiles(Repo.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"^\s*'?(KG__\w+)'?\s*:", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(inSources.Order(StringComparer.Ordinal), Settings.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Required))]
    public void Required_setting_is_set_in_bicep(string key)
    {
        Assert.True(Settings.ContainsKey(key), $"{key} is not set by the Bicep templates");
    }

    public static TheoryData<string> Required() => new(RequiredKeys);

    [Fact]
    public void Store_is_neo4j_in_azure()
    {
        Assert.Equal("neo4j", Value("KG__Store"));
        Assert.True(Enum.TryParse<StoreKind>(Value("KG__Store"), ignoreCase: true, out var kind));
        Assert.Equal(StoreKind.Neo4j, kind);
    }

    [Fact]
    public void Neo4j_password_is_a_key_vault_reference_to_the_vault_secret()
    {
        var password = Value("KG__Neo4j__Password")!;
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('", password, StringComparison.Ordinal);

        var uriParameter = System.Text.RegularExpressions.Regex.Match(password, @"parameters\('(\w+)'\)").Groups[1].Value;
        var secretUri = Settings["KG__Neo4j__Password"].Scope.Parameter(uriParameter)!;
        Assert.Contains("'keyvault'", secretUri, StringComparison.Ordinal);
        Assert.Contains("outputs.secretUri", secretUri, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingestion_settings_name_the_containers_and_the_identity_connection()
    {
        var defaults = new IngestionOptions();
        Assert.Equal("papers", Value("KG__Ingestion__Container"));
        Assert.Equal("papers-failed", Value("KG__Ingestion__FailedContainer"));
        Assert.Equal("PapersStorage", Value("KG__Ingestion__Connection"));
        Assert.Equal(defaults.Container, Value("KG__Ingestion__Container"));
        Assert.Equal(defaults.FailedContainer, Value("KG__Ingestion__FailedContainer"));
        Assert.Equal(defaults.Connection, Value("KG__Ingestion__Connection"));
    }

    [Fact]
    public void Papers_connection_is_identity_based_with_blob_and_queue_service_uris()
    {
        var (_, scope) = Settings["KG__Ingestion__Connection"];
        var connection = Value("KG__Ingestion__Connection");
        var siblings = SettingsObjectOf("KG__Ingestion__Connection");

        Assert.True(siblings.TryGetProperty($"{connection}__blobServiceUri", out var blob));
        Assert.Contains("primaryEndpoints.blob", scope.ResolveString(blob), StringComparison.Ordinal);
        Assert.True(siblings.TryGetProperty($"{connection}__queueServiceUri", out var queue));
        Assert.Contains("primaryEndpoints.queue", scope.ResolveString(queue), StringComparison.Ordinal);
        Assert.Equal("managedidentity", siblings.Str($"{connection}__credential"));
        Assert.False(siblings.TryGetProperty(connection!, out _), "a connection string setting would need a key");
    }

    [Fact]
    public void Host_storage_and_telemetry_use_the_managed_identity()
    {
        var config = Assert.Single(ArmScope.Root(Bicep.MainTemplate).AllResources(), r => r.Type == "Microsoft.Web/sites/config");
        Assert.Equal("[format('{0}/{1}', parameters('name'), 'appsettings')]", config.Element.Str("name"));
        var properties = config.Element.Str("properties")!;
        // The KG__ settings are the appSettings parameter merged here.
        Assert.StartsWith("[union(parameters('appSettings'), createObject(", properties, StringComparison.Ordinal);
        Assert.Equal(Settings["KG__Store"].Scope.Name, config.Scope.Parent!.Name);
        Assert.True(config.Scope.SuppliedParameters!.Value.At("appSettings", "value")!.Value.TryGetProperty("KG__Store", out _));
        Assert.Contains("'AzureWebJobsStorage__accountName', parameters('storageAccountName')", properties, StringComparison.Ordinal);
        Assert.Contains("'AzureWebJobsStorage__credential', 'managedidentity'", properties, StringComparison.Ordinal);
        Assert.Contains("'APPLICATIONINSIGHTS_CONNECTION_STRING', reference(", properties, StringComparison.Ordinal);
        Assert.Contains("'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', 'Authorization=AAD'", properties, StringComparison.Ordinal);

        var json = Bicep.MainTemplate.GetRawText();
        Assert.DoesNotContain("'AzureWebJobsStorage',", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"AzureWebJobsStorage\":", json, StringComparison.Ordinal);
        // Flex Consumption rejects these settings: the runtime is set in functionAppConfig.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", json, StringComparison.Ordinal);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_doc_names_every_setting_and_container()
    {
        var doc = Repo.Read("docs", "deploy.md");
        var missing = Settings.Keys.Concat(RequiredKeys)
            .Concat(["PapersStorage", "PapersStorage__blobServiceUri", "papers", "papers-failed"])
            .Distinct()
            .Where(name => !doc.Contains($"`{name}`", StringComparison.Ordinal) && !doc.Contains($"`{name},", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"docs/deploy.md does not mention: {string.Join(", ", missing)}");
        foreach (var step in new[] { "azd up", "azd env set NEO4J_URI", "azd env set NEO4J_PASSWORD", "az storage blob upload --auth-mode login", "azd down --purge", "graph-schema/style.grass", "/api/guide", "infra/docker-compose.yml" })
        {
            Assert.Contains(step, doc, StringComparison.Ordinal);
        }
    }

    private static string? Value(string key)
    {
        var (value, scope) = Settings[key];
        return scope.ResolveString(value);
    }

    /// <summary>The app settings object a KG__ key was found in.</summary>
    private static JsonElement SettingsObjectOf(string key)
    {
        foreach (var scope in ArmScope.Root(Bicep.MainTemplate).AllScopes())
        {
            var holder = FindObjectWith(scope.Template, key);
            if (holder is { } found)
            {
                return found;
            }
        }

        throw new InvalidOperationException($"{key} not found");

        static JsonElement? FindObjectWith(JsonElement element, string key)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty(key, out _))
                {
                    return element;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (FindObjectWith(property.Value, key) is { } found)
                    {
                        return found;
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    if (FindObjectWith(item, key) is { } found)
                    {
                        return found;
                    }
                }
            }

            return null;
        }
    }

    private static Dictionary<string, (JsonElement, ArmScope)> CollectKgSettings()
    {
        var settings = new Dictionary<string, (JsonElement, ArmScope)>(StringComparer.Ordinal);
        foreach (var scope in ArmScope.Root(Bicep.MainTemplate).AllScopes())
        {
            foreach (var property in scope.Template.PropertiesOutsideNestedTemplates().Where(p => p.Name.StartsWith("KG__", StringComparison.Ordinal)))
            {
                Assert.True(settings.TryAdd(property.Name, (property.Value, scope)), $"{property.Name} is set twice");
            }
        }

        return settings;
    }
}
