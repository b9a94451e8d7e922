using YamlDotNet.RepresentationModel;

namespace KnowledgeGraph.Infra.Tests;

public sealed class YamlFilesTests
{
    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_service_api_with_bicep_infra()
    {
        var azure = Yaml.Load("azure.yaml");
        Assert.False(string.IsNullOrWhiteSpace(azure.Scalar("name")));

        var api = azure.Map("services").Map("api");
        Assert.Equal("./functions", api.Scalar("project"));
        Assert.Equal("dotnet", api.Scalar("language"));
        Assert.Equal("function", api.Scalar("host"));

        var infra = azure.Map("infra");
        Assert.Equal("bicep", infra.Scalar("provider"));
        Assert.True(File.Exists(Repo.PathOf(infra.Scalar("path")!, infra.Scalar("module") + ".bicep")));
    }

    [Fact]
    public void Azure_yaml_postdeploy_hooks_point_to_existing_scripts()
    {
        var postdeploy = Yaml.Load("azure.yaml").Map("hooks").Map("postdeploy");
        foreach (var platform in new[] { "posix", "windows" })
        {
            var run = postdeploy.Map(platform).Scalar("run");
            Assert.False(string.IsNullOrEmpty(run));
            Assert.True(File.Exists(Repo.PathOf(run!)), $"{platform} hook {run} does not exist");
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Repo.PathOf("infra", "scripts", "postdeploy.sh")).HasFlag(UnixFileMode.UserExecute));
        }
    }

    [Fact]
    public void Ci_workflow_runs_the_project_test_command_on_ubuntu_with_dotnet_10_and_node_20()
    {
        var ci = Yaml.Load(".github", "workflows", "ci.yml");
        Assert.NotNull(ci.Get("on"));
        var job = Assert.Single(ci.Map("jobs").MapValues());
        Assert.StartsWith("ubuntu", job.Scalar("runs-on"), StringComparison.Ordinal);

        var steps = job.Seq("steps").Cast<YamlMappingNode>().ToList();
        Assert.Contains(steps, s => (s.Scalar("uses") ?? "").StartsWith("actions/checkout@", StringComparison.Ordinal));
        var dotnet = Assert.Single(steps, s => (s.Scalar("uses") ?? "").StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        Assert.StartsWith("10.", dotnet.Map("with").Scalar("dotnet-version"), StringComparison.Ordinal);
        var node = Assert.Single(steps, s => (s.Scalar("uses") ?? "").StartsWith("actions/setup-node@", StringComparison.Ordinal));
        Assert.Equal("20", node.Map("with").Scalar("node-version"));
        Assert.Contains(steps, s => s.Scalar("run") == "bash .ci/run");
    }

    [Fact]
    public void Deploy_workflow_logs_in_with_oidc_and_provisions_then_deploys_with_azd()
    {
        var deploy = Yaml.Load(".github", "workflows", "deploy.yml");
        Assert.NotNull(deploy.Get("on"));
        Assert.Equal("write", deploy.Map("permissions").Scalar("id-token"));

        var job = Assert.Single(deploy.Map("jobs").MapValues());
        Assert.StartsWith("ubuntu", job.Scalar("runs-on"), StringComparison.Ordinal);
        var steps = job.Seq("steps").Cast<YamlMappingNode>().ToList();

        var login = Assert.Single(steps, s => (s.Scalar("uses") ?? "").StartsWith("azure/login@", StringComparison.Ordinal));
        var with = login.Map("with");
        foreach (var key in new[] { "client-id", "tenant-id", "subscription-id" })
        {
            Assert.False(string.IsNullOrWhiteSpace(with.Scalar(key)), $"azure/login needs {key}");
        }

        Assert.Null(with.Get("creds")); // OIDC, not a client secret
        var runs = steps.Select(s => s.Scalar("run") ?? "").ToList();
        var provision = runs.FindIndex(r => r.Contains("azd provision", StringComparison.Ordinal));
        var deployStep = runs.FindIndex(r => r.Contains("azd deploy", StringComparison.Ordinal));
        Assert.True(provision >= 0 && deployStep > provision, "azd provision must run before azd deploy");
        Assert.Contains(runs, r => r.Contains("--federated-credential-provider", StringComparison.Ordinal));
    }

    [Fact]
    public void Docker_compose_runs_neo4j_5_and_azurite_on_the_documented_ports()
    {
        var services = Yaml.Load("infra", "docker-compose.yml").Map("services");

        var neo4j = Assert.Single(services.MapValues(), s => (s.Scalar("image") ?? "").StartsWith("neo4j:5", StringComparison.Ordinal));
        var neo4jPorts = neo4j.Seq("ports").Select(p => ((YamlScalarNode)p).Value!).ToList();
        Assert.Contains("7474:7474", neo4jPorts);
        Assert.Contains("7687:7687", neo4jPorts);
        Assert.NotNull(neo4j.Map("environment").Get("NEO4J_AUTH"));

        var azurite = Assert.Single(services.MapValues(), s => (s.Scalar("image") ?? "").Contains("azurite", StringComparison.Ordinal));
        var azuritePorts = azurite.Seq("ports").Select(p => ((YamlScalarNode)p).Value!).ToList();
        foreach (var port in new[] { "10000:10000", "10001:10001", "10002:10002" })
        {
            Assert.Contains(port, azuritePorts);
        }
    }
}
