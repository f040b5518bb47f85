using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Plan.Tests;

/// <summary>The plan command shows and writes the Kubernetes layer: rendered files, the call matrix, the Mermaid diagram.</summary>
public sealed class KubernetesLayerOutputTests : IDisposable
{
    private static readonly string RepositoryRoot = PlanCommandTests.RepositoryRoot;

    private readonly string temp = Directory.CreateTempSubdirectory("oneq-plan-k8s-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => PlanCommandTests.Run(RepositoryRoot, args);

    private static PlatformPlan Plan(string stack) =>
        PlatformPlanner.Build(StackConfiguration.LoadOrThrow(StackFile.Load(RepositoryRoot, stack).Source!));

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Out_writes_every_rendered_file_of_the_layer_byte_for_byte(string stack)
    {
        var output = Path.Combine(temp, stack);

        var (code, _, _) = Run(stack, "--out", output);

        Assert.Equal(0, code);
        foreach (var file in LayerOutput.Files(Plan(stack)))
        {
            Assert.Equal(file.Yaml, File.ReadAllText(Path.Combine(output, file.FileName)));
        }

        Assert.True(File.Exists(Path.Combine(output, "namespaces", "pg.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "mesh", "values", "linkerd-control-plane.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "monitoring", "values", "kube-prometheus-stack.yaml")));
    }

    [Fact]
    public void The_text_report_contains_the_allowed_calls_matrix()
    {
        var (code, stdout, _) = Run("prod");

        Assert.Equal(0, code);
        Assert.Contains("Allowed-calls matrix (X: caller may call callee)\n  caller \\ callee  oneq-order  pg  appcard  card  bank\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\n  pg               .           .   X        X     X\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_diagram_is_plan_dev_s_mermaid_output()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var embedded = readme[start..readme.IndexOf("```\n", start, StringComparison.Ordinal)];

        var (code, stdout, _) = Run("dev", "--format", "mermaid");

        Assert.Equal(0, code);
        Assert.Equal(stdout, embedded);
        Assert.Contains("internet -->|HTTPS| edge_gateway", embedded, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_mermaid_prints_only_the_diagram()
    {
        var (code, stdout, stderr) = Run("dev", "--format", "mermaid");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Equal(LayerOutput.Mermaid(Plan("dev").Tenants, Plan("dev").Edge), stdout);
        Assert.StartsWith("flowchart LR\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_writes_the_diagram_as_plan_mmd()
    {
        var output = Path.Combine(temp, "diagram");

        Run("prod", "--out", output);

        Assert.Equal(Run("prod", "--format", "mermaid").Out, File.ReadAllText(Path.Combine(output, "plan.mmd")));
    }
}
