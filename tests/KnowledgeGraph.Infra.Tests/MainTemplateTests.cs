using System.Text.Json;

namespace KnowledgeGraph.Infra.Tests;

/// <summary>The compiled ARM JSON of infra/main.bicep, nested module deployments included.</summary>
public sealed class MainTemplateTests
{
    private static readonly ArmScope Main = ArmScope.Root(Bicep.MainTemplate);
    private static readonly IReadOnlyList<ArmResource> Resources = Main.AllResources().ToList();

    private static List<ArmResource> OfType(string type) => Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    private static ArmResource Single(string type)
    {
        var found = OfType(type);
        Assert.True(found.Count == 1, $"expected one {type}, found {found.Count}");
        return found[0];
    }

    [Fact]
    public void Main_template_targets_the_subscription_and_creates_the_resource_group_from_the_environment_name()
    {
        Assert.Contains("subscriptionDeploymentTemplate", Bicep.MainTemplate.Str("$schema"), StringComparison.Ordinal);
        var rg = Single("Microsoft.Resources/resourceGroups");
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", rg.Element.Str("name"));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption_with_a_system_assigned_identity()
    {
        var site = Single("Microsoft.Web/sites");
        Assert.Contains("functionapp", site.Element.Str("kind"), StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", site.At("identity", "type")?.GetString());
        Assert.Equal("dotnet-isolated", site.Resolved("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", site.Resolved("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal("2048", site.Resolved("properties", "functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB"));
        Assert.NotNull(site.At("properties", "functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount"));

        var plan = Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.At("sku", "name")?.GetString());
        Assert.Equal("FlexConsumption", plan.At("sku", "tier")?.GetString());
        Assert.Contains("Microsoft.Web/serverfarms", site.Resolved("properties", "serverFarmId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Function_app_deployment_package_container_is_read_with_the_managed_identity()
    {
        var site = Single("Microsoft.Web/sites");
        Assert.Equal("blobContainer", site.Resolved("properties", "functionAppConfig", "deployment", "storage", "type"));
        Assert.Equal("SystemAssignedIdentity", site.Resolved("properties", "functionAppConfig", "deployment", "storage", "authentication", "type"));

        // The package container is one of the storage account's containers.
        var value = site.Resolved("properties", "functionAppConfig", "deployment", "storage", "value")!;
        Assert.Contains("parameters('deploymentStorageContainerName')", value, StringComparison.Ordinal);
        var packageContainer = site.Scope.Parameter("deploymentStorageContainerName");
        Assert.Contains(packageContainer, ContainerNames());
    }

    [Fact]
    public void Function_app_is_tagged_with_the_azd_service_name_of_azure_yaml()
    {
        var site = Single("Microsoft.Web/sites");
        var tags = site.At("tags")!.Value.GetString()!;
        Assert.Contains("'azd-service-name', parameters('serviceName')", tags, StringComparison.Ordinal);
        Assert.Equal("api", site.Scope.Parameter("serviceName"));
        Assert.Contains("\n  api:\n", Repo.Read("azure.yaml").ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_account_disallows_shared_keys_and_has_the_package_papers_and_failed_containers()
    {
        var storage = Single("Microsoft.Storage/storageAccounts");
        Assert.False(storage.At("properties", "allowSharedKeyAccess")!.Value.GetBoolean());
        Assert.False(storage.At("properties", "allowBlobPublicAccess")!.Value.GetBoolean());

        var containers = ContainerNames();
        Assert.Equal(3, containers.Count);
        Assert.Contains("papers", containers);
        Assert.Contains("papers-failed", containers);
        Assert.Contains(containers, c => c.Contains("app-package", StringComparison.Ordinal));
    }

    [Fact]
    public void Monitoring_has_application_insights_on_a_log_analytics_workspace()
    {
        Single("Microsoft.OperationalInsights/workspaces");
        var insights = Single("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights.Resolved("properties", "WorkspaceResourceId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_uses_rbac_authorization_and_holds_the_neo4j_password_secret()
    {
        var vault = Single("Microsoft.KeyVault/vaults");
        Assert.True(vault.At("properties", "enableRbacAuthorization")!.Value.GetBoolean());
        var secret = Single("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[parameters('secretValue')]", secret.At("properties", "value")?.GetString());

        // The value comes from the secure main parameter neo4jPassword, which has no default.
        var password = Bicep.MainTemplate.At("parameters", "neo4jPassword")!.Value;
        Assert.Equal("securestring", password.Str("type"));
        Assert.False(password.TryGetProperty("defaultValue", out _));
        Assert.Equal("[parameters('neo4jPassword')]", secret.Scope.SuppliedParameters!.Value.At("secretValue", "value")?.GetString());
    }

    [Fact]
    public void Event_grid_system_topic_listens_to_the_storage_account()
    {
        var topic = Single("Microsoft.EventGrid/systemTopics");
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Resolved("properties", "topicType"));
        Assert.Contains("Microsoft.Storage/storageAccounts", topic.Resolved("properties", "source"), StringComparison.Ordinal);
    }

    [Fact]
    public void Event_subscription_sends_blob_created_in_papers_to_the_IngestBlob_blob_extension_webhook()
    {
        var subscription = Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var filter = subscription.At("properties", "filter")!.Value;
        Assert.Equal(new[] { "Microsoft.Storage.BlobCreated" }, filter.GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", filter.Str("subjectBeginsWith"));
        Assert.Equal("papers", subscription.Scope.Parameter("containerName"));

        Assert.Equal("WebHook", subscription.Resolved("properties", "destination", "endpointType"));
        var endpoint = subscription.Resolved("properties", "destination", "properties", "endpointUrl")!;
        Assert.Contains("https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}", endpoint, StringComparison.Ordinal);
        Assert.Contains("/host/default", endpoint, StringComparison.Ordinal);
        Assert.Contains(".systemKeys.blobs_extension", endpoint, StringComparison.Ordinal);
        Assert.Equal("IngestBlob", subscription.Scope.Parameter("functionName"));
    }

    [Fact]
    public void Event_subscription_is_deployed_only_when_requested_after_the_code_is_deployed()
    {
        var module = Resources.Single(r => r.Type == "Microsoft.Resources/deployments" && r.Element.Str("name") == "papers-subscription");
        Assert.Equal("[parameters('deployEventSubscription')]", module.Element.Str("condition"));
        Assert.False(Bicep.MainTemplate.At("parameters", "deployEventSubscription", "defaultValue")!.Value.GetBoolean());

        // The azd postdeploy hook turns it on and provisions again.
        var hook = Repo.Read("infra", "scripts", "postdeploy.sh");
        Assert.Contains("azd env set DEPLOY_EVENT_SUBSCRIPTION true", hook, StringComparison.Ordinal);
        Assert.Contains("azd provision", hook, StringComparison.Ordinal);
        Assert.Contains("${DEPLOY_EVENT_SUBSCRIPTION=false}", Repo.Read("infra", "main.parameters.json"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")] // Storage Blob Data Owner
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts")] // Storage Queue Data Contributor
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults")] // Key Vault Secrets User
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")] // Monitoring Metrics Publisher
    public void Function_identity_is_granted_role_on_its_resource(string roleDefinitionGuid, string scopeType)
    {
        var assignment = OfType("Microsoft.Authorization/roleAssignments")
            .SingleOrDefault(r => (r.Resolved("properties", "roleDefinitionId") ?? "").Contains(roleDefinitionGuid, StringComparison.Ordinal)
                && r.At("properties", "principalId")?.GetString() == "[parameters('functionPrincipalId')]");
        Assert.NotNull(assignment);
        Assert.Contains(scopeType, assignment.Element.Str("scope"), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", assignment.Resolved("properties", "principalType"));

        // functionPrincipalId is the function app's system-assigned identity (output of the api module).
        var principal = assignment.Scope.Parameter("functionPrincipalId");
        Assert.Contains("'api'", principal, StringComparison.Ordinal);
        Assert.Contains("principalId", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_give_azd_the_function_url_app_name_and_storage_account()
    {
        var outputs = Bicep.MainTemplate.GetProperty("outputs");
        foreach (var name in new[] { "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_FUNCTION_URL", "AZURE_FUNCTION_APP_NAME", "AZURE_STORAGE_ACCOUNT_NAME" })
        {
            Assert.True(outputs.TryGetProperty(name, out _), $"missing output {name}");
        }
    }

    [Fact]
    public void Template_uses_no_storage_account_keys()
    {
        var json = Bicep.MainTemplate.GetRawText();
        Assert.DoesNotContain("AccountKey=", json, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys(resourceId('Microsoft.Storage", json, StringComparison.Ordinal);
        Assert.DoesNotContain("listKeys(format('Microsoft.Storage", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_file_supplies_every_required_main_parameter_from_the_azd_environment()
    {
        using var file = JsonDocument.Parse(Repo.Read("infra", "main.parameters.json"));
        var supplied = file.RootElement.GetProperty("parameters");
        var declared = Bicep.MainTemplate.GetProperty("parameters");

        foreach (var parameter in supplied.EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out _), $"main.parameters.json sets unknown parameter {parameter.Name}");
        }

        foreach (var parameter in declared.EnumerateObject().Where(p => !p.Value.TryGetProperty("defaultValue", out _)))
        {
            Assert.True(supplied.TryGetProperty(parameter.Name, out _), $"required parameter {parameter.Name} is not in main.parameters.json");
        }

        Assert.Equal("${AZURE_ENV_NAME}", supplied.At("environmentName", "value")?.GetString());
        Assert.Equal("${AZURE_LOCATION}", supplied.At("location", "value")?.GetString());
        Assert.Equal("${NEO4J_URI}", supplied.At("neo4jUri", "value")?.GetString());
        Assert.Equal("${NEO4J_PASSWORD}", supplied.At("neo4jPassword", "value")?.GetString());
        Assert.StartsWith("${NEO4J_USER", supplied.At("neo4jUser", "value")?.GetString(), StringComparison.Ordinal);
    }

    private static List<string> ContainerNames()
    {
        var container = Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var name = container.Element.Str("name")!;
        var loop = System.Text.RegularExpressions.Regex.Match(name, @"parameters\('(\w+)'\)\[copyIndex\(\)\]");
        Assert.True(loop.Success, $"containers are expected as a copy loop over a parameter, got {name}");
        var list = container.Scope.Resolve(JsonDocument.Parse($"\"[parameters('{loop.Groups[1].Value}')]\"").RootElement);
        Assert.Equal(JsonValueKind.Array, list.ValueKind);

        // Elements are expressions in the parent (main) scope.
        return list.EnumerateArray().Select(e => container.Scope.Parent!.ResolveString(e)!).ToList();
    }
}
