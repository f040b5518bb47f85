using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Plan.Tests;

/// <summary>
/// The workflows' script steps, run the way GitHub runs them: each <c>run:</c> script in a file, executed with the
/// step's shell: <c>bash --noprofile --norc -eo pipefail FILE</c> for <c>shell: bash</c>, <c>bash -e FILE</c> when no
/// shell is given (docs.github.com "Workflow syntax for GitHub Actions", <c>jobs.&lt;job_id&gt;.steps[*].shell</c>), with <c>pulumi</c> and <c>gh</c>
/// replaced on PATH by stubs and the plan command built by this test project standing in for the workflow's build.
/// With a broken stack file every step that reads the stack must fail; with the committed one the comment job runs
/// through and produces its comment.
/// </summary>
public sealed class WorkflowTests : IDisposable
{
    private static readonly string Workflows = Path.Combine(PlanCommandTests.RepositoryRoot, ".github", "workflows");

    /// <summary>Script steps that read neither the stack file nor the state, and why they are not run here.</summary>
    private static readonly Dictionary<string, string> NotRunHere = new(StringComparer.Ordinal)
    {
        ["test.yml/Fetch the pinned upstream files the cache lacks"] = "downloads from GitHub (scripts/fetch-shared.sh checks each file's SHA-256)",
        ["test.yml/Test"] = "is the test command itself",
        ["pulumi-stack.yml/Build the offline plan command"] = "a build; this test runs the plan command its own build produced",
    };

    private readonly string temp = Directory.CreateTempSubdirectory("oneq-workflow-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private sealed record Step(string File, string Name, string Shell, string Run, IReadOnlyList<string> Env)
    {
        public string Id => $"{File}/{Name}";

        public override string ToString() => Id;
    }

    private static List<Step> ScriptSteps()
    {
        List<Step> steps = [];
        foreach (var path in Directory.GetFiles(Workflows, "*.yml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(path))
            {
                yaml.Load(reader);
            }

            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var workflowShell = Shell(root);
            foreach (var (_, jobNode) in Map(root, "jobs") ?? [])
            {
                var job = (YamlMappingNode)jobNode;
                var jobShell = Shell(job) ?? workflowShell;
                if (!job.Children.TryGetValue("steps", out var stepsNode))
                {
                    continue;
                }

                foreach (var step in ((YamlSequenceNode)stepsNode).Children.Cast<YamlMappingNode>())
                {
                    if (Scalar(step, "run") is not { } run)
                    {
                        continue;
                    }

                    var env = Map(step, "env")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? [];
                    steps.Add(new Step(Path.GetFileName(path), Scalar(step, "name") ?? run, Scalar(step, "shell") ?? jobShell ?? "(GitHub's default: bash -e {0}, no pipefail)", run, env));
                }
            }
        }

        return steps;
    }

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? (value as YamlScalarNode)?.Value : null;

    private static string? Shell(YamlMappingNode node) =>
        Map(node, "defaults") is { } defaults && Map(defaults, "run") is { } run ? Scalar(run, "shell") : null;

    public static TheoryData<string> StackSteps() => [.. ScriptSteps().Where(s => !NotRunHere.ContainsKey(s.Id)).Select(s => s.Id)];

    [Fact]
    public void Every_script_step_runs_under_bash_with_pipefail_and_every_other_is_accounted_for()
    {
        var steps = ScriptSteps();

        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.True(s.Shell == "bash", $"{s.Id} runs under {s.Shell}, not `shell: bash` (bash -eo pipefail)"));
        Assert.Empty(NotRunHere.Keys.Except(steps.Select(s => s.Id)));
        Assert.All(steps.Where(s => NotRunHere.ContainsKey(s.Id)),
            s => Assert.DoesNotContain("STACK", s.Env));
    }

    [Theory]
    [MemberData(nameof(StackSteps))]
    public void Each_step_fails_with_a_broken_stack_file(string id)
    {
        // Arrange: a stack file the plan refuses (an unknown cloud), and a state export that returns nothing.
        var step = ScriptSteps().Single(s => s.Id == id);
        var workspace = Workspace("config:\n  oneq-order-infra:cloud: azure\n", state: string.Empty);

        // Act
        var (code, output) = RunStep(step, workspace);

        // Assert
        Assert.True(code != 0, $"{id} exited 0 with a broken stack file:\n{output}");
    }

    [Fact]
    public void The_preview_job_runs_through_with_the_committed_stack_and_writes_one_marked_comment()
    {
        // Arrange: the committed dev stack, a state holding its GCP resources.
        var workspace = Workspace(File.ReadAllText(Path.Combine(PlanCommandTests.RepositoryRoot, "Pulumi.dev.yaml")),
            state: """{"version":3,"deployment":{"resources":[{"type":"gcp:container/cluster:Cluster"},{"type":"pulumi:pulumi:Stack"}]}}""");
        var steps = ScriptSteps().Where(s => s.File == "pulumi-stack.yml" && !NotRunHere.ContainsKey(s.Id)).ToList();

        // Act + Assert: every step in order, sharing the workspace like the job's steps do.
        foreach (var step in steps)
        {
            var (code, output) = RunStep(step, workspace);
            Assert.True(code == 0, $"{step.Id} failed on the committed stack:\n{output}");
        }

        var comment = File.ReadAllText(Path.Combine(workspace, "runner", "comment.md"));
        Assert.StartsWith("<!-- oneq-order-infra:plan-comment stack=dev -->", comment, StringComparison.Ordinal);
        Assert.Contains("Resources:", comment, StringComparison.Ordinal);
        Assert.Contains("POST repos/acme/infra/issues/7/comments", File.ReadAllText(Path.Combine(workspace, "gh.log")), StringComparison.Ordinal);
        Assert.Contains("cloud=gcp", File.ReadAllText(Path.Combine(workspace, "github-output")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prod", null, "cloud=aws\nrunner=codebuild-oneq-prod-ci-runner-4242-1\n")]
    [InlineData("dev", null, "cloud=gcp\nrunner=ubuntu-latest\n")]
    [InlineData("prod", "ciRunner", null)]
    public void The_job_runs_where_it_reaches_the_api_gke_anywhere_eks_only_on_its_runner_in_the_vpc(string stack, string? without, string? expected)
    {
        // Arrange: the committed stack file, or prod without its runner (EKS unreachable from CI: the step must fail).
        var text = File.ReadAllText(Path.Combine(PlanCommandTests.RepositoryRoot, $"Pulumi.{stack}.yaml"));
        if (without is not null)
        {
            var lines = text.Split('\n').ToList();
            var at = lines.FindIndex(l => l.TrimStart().StartsWith(without + ":", StringComparison.Ordinal));
            var indent = lines[at].Length - lines[at].TrimStart().Length;
            var end = lines.FindIndex(at + 1, l => l.Length - l.TrimStart().Length <= indent);
            lines.RemoveRange(at, end - at);
            text = string.Join('\n', lines);
        }

        var workspace = Workspace(null, state: string.Empty);
        File.WriteAllText(Path.Combine(workspace, $"Pulumi.{stack}.yaml"), text);
        var step = ScriptSteps().Single(s => s.Id.StartsWith("pulumi-stack.yml/Which cloud and which runner", StringComparison.Ordinal));

        // Act
        var (code, output) = RunStep(step, workspace, ("STACK", stack));

        // Assert
        if (expected is null)
        {
            Assert.NotEqual(0, code);
            Assert.Contains("sets no cluster.ciRunner", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(code == 0, output);
            Assert.Equal(expected, File.ReadAllText(Path.Combine(workspace, "github-output")));
        }
    }

    [Fact]
    public void A_state_holding_the_other_clouds_resources_makes_a_migration_run_and_a_contradicting_input_fails()
    {
        // Arrange: dev's stack file says gcp; its state still holds AWS resources (a migration back).
        var state = """{"version":3,"deployment":{"resources":[{"type":"aws:eks/cluster:Cluster"},{"type":"gcp:compute/network:Network"}]}}""";
        var step = ScriptSteps().Single(s => s.Id == "pulumi-stack.yml/Clouds in the state (migration run?)");

        // Act
        var detected = RunStep(step, Workspace(null, state), ("CLOUD", "gcp"));
        var detectedOutput = File.ReadAllText(Path.Combine(temp, "ws", "github-output"));
        var contradicted = RunStep(step, Workspace(null, state), ("CLOUD", "gcp"), ("MIGRATE_FROM", "gcp"));
        var notMigrating = RunStep(step, Workspace(null, """{"deployment":{"resources":[{"type":"gcp:compute/network:Network"}]}}"""), ("CLOUD", "gcp"), ("MIGRATE_FROM", "aws"));

        // Assert
        Assert.Equal(0, detected.Code);
        Assert.Contains("migrate-from=aws", detectedOutput, StringComparison.Ordinal);
        Assert.Contains("migration run: dev moves from aws to gcp", detected.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, contradicted.Code);
        Assert.NotEqual(0, notMigrating.Code);
        Assert.Contains("the state of dev holds resources of: gcp", notMigrating.Output, StringComparison.Ordinal);
    }

    /// <summary>A fresh workspace: the stack file (when given), stubs of pulumi and gh, and the plan command.</summary>
    private string Workspace(string? stackFile, string state)
    {
        var workspace = Path.Combine(temp, "ws");
        if (Directory.Exists(workspace))
        {
            Directory.Delete(workspace, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(workspace, "runner"));
        Directory.CreateDirectory(Path.Combine(workspace, "bin"));
        File.WriteAllText(Path.Combine(workspace, "github-output"), string.Empty);
        File.WriteAllText(Path.Combine(workspace, "Pulumi.dev.yaml"), stackFile ?? "config:\n  oneq-order-infra:cloud: azure\n");
        File.WriteAllText(Path.Combine(workspace, "state.json"), state);
        // The plan command this test project was built with, where the workflow's build step puts it.
        Directory.CreateSymbolicLink(Path.Combine(workspace, "runner", "plan"), AppContext.BaseDirectory);
        // pulumi: `stack export` prints the state file; preview/up load the program, which refuses an invalid stack
        // before any resource exactly as the plan command does (tests/OneQOrder.Infra.Tests ConfigurationTests), so
        // the stub runs the plan over the stack file and fails when it fails.
        Stub(workspace, "pulumi", """
            case "$1 $2" in
              "stack export") cat "$WS/state.json" ;;
              preview*|up*)
                dotnet "$RUNNER_TEMP/plan/plan.dll" "$STACK" --root "$WS" >/dev/null || { echo "error: the program failed"; exit 1; }
                printf 'Previewing update (%s)\n\nResources:\n    + 3 to create\n    40 unchanged\n' "$STACK" ;;
              *) echo "pulumi stub: unexpected $*" >&2; exit 2 ;;
            esac
            """);
        Stub(workspace, "gh", """
            echo "$3 $4" >> "$WS/gh.log"
            case "$*" in
              *--paginate*) echo "GET $2" >> "$WS/gh.log" ;;
            esac
            """);
        // git worktree: the base branch is not this test's concern; a failing base plan must leave "no base".
        Stub(workspace, "git", """exit 1""");
        return workspace;
    }

    private static void Stub(string workspace, string name, string body)
    {
        var path = Path.Combine(workspace, "bin", name);
        File.WriteAllText(path, "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static (int Code, string Output) RunStep(Step step, string workspace, params (string Key, string Value)[] overrides)
    {
        var script = Path.Combine(workspace, "step.sh");
        File.WriteAllText(script, step.Run);
        // The command GitHub runs a script with: `shell: bash` → bash --noprofile --norc -eo pipefail {0}; no shell
        // given → bash -e {0} on Linux (no pipefail), which is what a step without `shell: bash` really gets.
        string[] shell = step.Shell == "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", script] : ["-e", script];
        var start = new ProcessStartInfo("bash", shell)
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // What the workflow's env: blocks would hold; a step reading a variable the test does not know fails below.
        Dictionary<string, string> env = new(StringComparer.Ordinal)
        {
            ["STACK"] = "dev", ["ORG"] = "acme", ["CLOUD"] = "gcp", ["MIGRATE_FROM"] = string.Empty, ["COMMAND"] = "preview",
            ["BASE_REF"] = "main", ["GH_TOKEN"] = "token", ["REPO"] = "acme/infra", ["PR"] = "7", ["RUN_ID"] = "4242", ["RUN_ATTEMPT"] = "1",
        };
        foreach (var (key, value) in overrides)
        {
            env[key] = value;
        }

        Assert.All(step.Env, key => Assert.True(env.ContainsKey(key), $"{step.Id} reads env {key}, which this test does not set"));
        foreach (var key in step.Env)
        {
            start.Environment[key] = env[key];
        }

        start.Environment["WS"] = workspace;
        start.Environment["RUNNER_TEMP"] = Path.Combine(workspace, "runner");
        start.Environment["GITHUB_OUTPUT"] = Path.Combine(workspace, "github-output");
        start.Environment["PATH"] = Path.Combine(workspace, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{step.Id} did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>scripts/fetch-shared.sh: the pinned upstream files CI fetches instead of ../shared, each checked against its SHA-256.</summary>
public sealed class FetchSharedTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("oneq-fetch-shared-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private (int Code, string Output) Fetch(string list)
    {
        File.WriteAllText(Path.Combine(temp, "list.txt"), list);
        var start = new ProcessStartInfo("bash", [Path.Combine(PlanCommandTests.RepositoryRoot, "scripts", "fetch-shared.sh"), Path.Combine(temp, "cache")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SHARED_FILES"] = Path.Combine(temp, "list.txt");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void A_file_whose_hash_differs_from_its_pin_is_refused_and_not_kept()
    {
        // Arrange: an "upstream" file and a pin of other content.
        var upstream = Path.Combine(temp, "values.yaml");
        File.WriteAllText(upstream, "replicas: 1\n");
        var wrong = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("replicas: 2\n"u8));

        // Act
        var (code, output) = Fetch($"charts/x/values.yaml {wrong} file://{upstream}\n");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains($"not the pinned {wrong}", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp, "cache", "charts", "x", "values.yaml")));
    }

    [Fact]
    public void A_file_matching_its_pin_is_fetched_once_and_kept_from_the_cache_after()
    {
        var upstream = Path.Combine(temp, "values.yaml");
        File.WriteAllText(upstream, "replicas: 1\n");
        var pin = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("replicas: 1\n"u8));
        var list = $"# comment\ncharts/x/values.yaml {pin} file://{upstream}\n";

        var first = Fetch(list);
        File.Delete(upstream); // a second run must not need the upstream any more
        var second = Fetch(list);

        Assert.Equal((0, 0), (first.Code, second.Code));
        Assert.Contains("1 fetched, 0 already", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 fetched, 1 already", second.Output, StringComparison.Ordinal);
        Assert.Equal("replicas: 1\n", File.ReadAllText(Path.Combine(temp, "cache", "charts", "x", "values.yaml")));
    }

    [Fact]
    public void The_pin_list_names_every_file_the_schema_and_chart_checks_read_with_its_local_hash()
    {
        // Every line: a path under shared/, a SHA-256, an https URL at a tag or commit; where ../shared exists, the
        // hash is that of its copy (so a CI fetch tests exactly what developers test).
        var shared = Path.GetFullPath(Path.Combine(PlanCommandTests.RepositoryRoot, "..", "shared"));
        var lines = File.ReadAllLines(Path.Combine(PlanCommandTests.RepositoryRoot, "scripts", "shared-files.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(3, l.Length));
        Assert.All(lines, l => Assert.StartsWith("https://raw.githubusercontent.com/", l[2], StringComparison.Ordinal));
        Assert.Contains(lines, l => l[0] == "charts/linkerd-control-plane-2026.8.3/values-ha.yaml");
        Assert.Contains(lines, l => l[0].StartsWith("schemas/kubernetes-v1.32.0-strict/", StringComparison.Ordinal));
        if (Directory.Exists(shared))
        {
            Assert.All(lines, l => Assert.Equal(l[1], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(shared, l[0]))))));
        }
    }
}
