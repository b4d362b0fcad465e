using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// deploy/Dockerfile and deploy/k8s hold what the guide promises. No container engine or cluster runs here, so
/// these check structure: every file the Dockerfile copies exists, the runtime stage is non-root with a health
/// check, and the Kubernetes objects have the replicas, probes, limits and security settings.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepositoryRoot.Combine("deploy", "Dockerfile"));

    [Fact]
    public void Dockerfile_builds_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        var stages = FromLine().Matches(Dockerfile).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[1], StringComparison.Ordinal);
        Assert.Contains("COPY --from=build", Runtime(), StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"HelpdeskBot.dll\"]", Runtime(), StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_stage_is_non_root_listens_on_8080_and_checks_health_live()
    {
        var runtime = Runtime();
        Assert.Matches(@"(?m)^USER \$APP_UID\s*$", runtime);
        Assert.DoesNotMatch(@"(?m)^USER (root|0)\b", runtime);
        Assert.Matches(@"(?m)^EXPOSE 8080\s*$", runtime);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", runtime, StringComparison.Ordinal);
        Assert.Matches(@"(?s)HEALTHCHECK .*http://127\.0\.0\.1:8080/health/live", runtime);
        // USER comes before the entry point, so the app never runs as root.
        Assert.True(runtime.IndexOf("USER ", StringComparison.Ordinal) < runtime.IndexOf("ENTRYPOINT", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_copies_every_project_of_the_executable_and_only_files_that_exist()
    {
        var copied = CopyLine().Matches(Dockerfile).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();
        foreach (var source in copied)
        {
            var path = RepositoryRoot.Combine(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"the Dockerfile copies {source}, which does not exist");
        }

        foreach (var project in Directory.GetFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryRoot.Path, project).Replace('\\', '/');
            Assert.Contains(relative, copied);
        }
    }

    [Fact]
    public void Dockerignore_keeps_build_output_tests_and_secrets_out_of_the_context()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine(".dockerignore"));
        foreach (var pattern in new[] { "**/bin/", "**/obj/", ".git/", "tests/", "artifacts/", ".env", "**/*.db" })
        {
            Assert.Contains(pattern, lines);
        }

        Assert.DoesNotContain(lines, l => l.Trim() is "src/" or "manifest/" or "eng/");
    }

    [Fact]
    public void Deployment_runs_three_non_root_replicas_with_probes_and_limits()
    {
        var deployment = Yaml("deployment.yaml");
        Assert.Equal("Deployment", Scalar(deployment, "kind"));
        Assert.Equal("3", Scalar(deployment, "spec", "replicas"));
        var pod = Map(deployment, "spec", "template", "spec");
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children[0];
        Assert.Equal("/health/ready", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.NotNull(Scalar(container, "resources", "requests", "memory"));
        Assert.NotNull(Scalar(container, "resources", "limits", "memory"));
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToList();
        var connection = env.Single(e => Scalar(e, "name") == "Storage__Postgres__ConnectionString");
        Assert.Equal("helpdeskbot-secrets", Scalar(connection, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("8080", Scalar((YamlMappingNode)((YamlSequenceNode)container["ports"]).Children[0], "containerPort"));
    }

    [Fact]
    public void ConfigMap_selects_PostgreSQL_and_the_Secret_template_names_every_secret_the_pods_read()
    {
        var config = Yaml("configmap.yaml");
        Assert.Equal("Postgres", Scalar(config, "data", "Storage__Provider"));
        Assert.Equal("Production", Scalar(config, "data", "ASPNETCORE_ENVIRONMENT"));
        var secret = Map(Yaml("secret.example.yaml"), "stringData");
        var deployment = Yaml("deployment.yaml");
        var container = (YamlMappingNode)((YamlSequenceNode)Map(deployment, "spec", "template", "spec")["containers"]).Children[0];
        var keys = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>()
            .Select(e => Scalar(e, "valueFrom", "secretKeyRef", "key")).OfType<string>().ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.True(secret.Children.ContainsKey(new YamlScalarNode(key)), $"secret.example.yaml lacks {key}");
        }
    }

    [Fact]
    public void Disruption_budget_and_service_select_the_deployment_pods()
    {
        var selector = Map(Yaml("deployment.yaml"), "spec", "selector", "matchLabels");
        var pdb = Yaml("poddisruptionbudget.yaml");
        Assert.Equal("PodDisruptionBudget", Scalar(pdb, "kind"));
        Assert.Equal("2", Scalar(pdb, "spec", "minAvailable"));
        Assert.Equal(selector.ToString(), Map(pdb, "spec", "selector", "matchLabels").ToString());
        var service = Yaml("service.yaml");
        Assert.Equal(selector.ToString(), Map(service, "spec", "selector").ToString());
        var kustomization = Yaml("kustomization.yaml");
        var resources = ((YamlSequenceNode)kustomization["resources"]).Children.Select(c => c.ToString()).ToList();
        Assert.Equal(["configmap.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml"], resources);
    }

    private static string Runtime() => Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

    /// <summary>deploy/k8s/<paramref name="file"/>, parsed.</summary>
    internal static YamlMappingNode Yaml(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine("deploy", "k8s", file)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    internal static YamlMappingNode Map(YamlMappingNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = (YamlMappingNode)node[key];
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }

    [GeneratedRegex(@"(?m)^FROM (\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?:--\S+ )*(.+)$")]
    private static partial Regex CopyLine();
}
