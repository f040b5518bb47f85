using System.Reflection;
using System.Text.Json;

namespace OneQOrder.Plan.Tests;

/// <summary>The command end to end, in process: arguments in, exit code, stdout, stderr and files out.</summary>
public sealed class PlanCommandTests : IDisposable
{
    internal static readonly string RepositoryRoot = typeof(PlanCommandTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly string temp = Directory.CreateTempSubdirectory("oneq-plan-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    internal static (int Code, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = PlanCommand.Run(args, stdout, stderr, workingDirectory);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Plan_prod_as_json_reports_aws_three_zones_six_subnets_and_one_nat_gateway()
    {
        var (code, stdout, stderr) = Run(RepositoryRoot, "prod", "--format", "json");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        var plan = Json(stdout);
        Assert.Equal("prod", plan.GetProperty("stack").GetString());
        Assert.Equal("aws", plan.GetProperty("cloud").GetString());
        Assert.Equal(3, plan.GetProperty("zones").GetArrayLength());
        var network = plan.GetProperty("network");
        Assert.Equal(6, network.GetProperty("subnets").GetArrayLength());
        Assert.Equal(1, network.GetProperty("natGateways").GetArrayLength());
        Assert.Equal("EKS", plan.GetProperty("cluster").GetProperty("kind").GetString());
    }

    [Fact]
    public void Plan_dev_as_json_reports_gcp_one_subnetwork_with_pod_and_service_ranges_and_one_cloud_nat()
    {
        var (code, stdout, _) = Run(RepositoryRoot, "dev", "--format", "json");

        Assert.Equal(0, code);
        var plan = Json(stdout);
        Assert.Equal("gcp", plan.GetProperty("cloud").GetString());
        var network = plan.GetProperty("network");
        var subnet = Assert.Single(network.GetProperty("subnets").EnumerateArray());
        Assert.Equal("nodes", subnet.GetProperty("role").GetString());
        Assert.Equal(["oneq-dev-pods", "oneq-dev-services"],
            network.GetProperty("secondaryRanges").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(1, network.GetProperty("natGateways").GetArrayLength());
        Assert.Equal("oneq-dev-router", network.GetProperty("router").GetString());
        Assert.Equal("GKE", plan.GetProperty("cluster").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_json_document_has_the_documented_shape(string stack)
    {
        var (_, stdout, _) = Run(RepositoryRoot, stack, "--format", "json");

        var plan = Json(stdout);

        Assert.Equal(
            ["formatVersion", "stack", "environment", "cloud", "region", "gcpProject", "zones", "network", "cluster", "addons", "mesh", "monitoring", "publicEntry", "namespaces", "calls", "guardrails", "cost", "fit"],
            plan.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["loadBalancer", "gateway", "routes", "plainHttp", "certificates", "dns", "releases"], plan.GetProperty("publicEntry").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["kind", "scheme", "targetType", "sourceRanges", "clientIp"], plan.GetProperty("publicEntry").GetProperty("loadBalancer").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "gatewayClass", "controller", "replicas", "meshIdentity", "listeners", "tlsMinimum"], plan.GetProperty("publicEntry").GetProperty("gateway").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["storageClass", "nodeScaling", "addons", "releases"], plan.GetProperty("addons").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "provisioner", "parameters", "kmsKey", "isDefault", "volumeBindingMode", "allowVolumeExpansion"],
            plan.GetProperty("addons").GetProperty("storageClass").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["name", "cidr", "flowLogs", "subnets", "secondaryRanges", "natGateways", "routeTables", "router", "controlPlaneCidr"],
            plan.GetProperty("network").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, plan.GetProperty("formatVersion").GetInt32());
        Assert.Equal(["oneq-order", "pg", "appcard", "card", "bank"],
            plan.GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(["oneq-order>pg", "pg>card", "pg>appcard", "pg>bank", "appcard>card", "card>bank"],
            plan.GetProperty("calls").EnumerateArray().Select(c => $"{c.GetProperty("from").GetString()}>{c.GetProperty("to").GetString()}"));
    }

    [Fact]
    public void The_same_stack_prints_the_same_json_every_time()
    {
        var first = Run(RepositoryRoot, "prod", "--format", "json").Out;
        var second = Run(RepositoryRoot, "prod", "--format", "json").Out;

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_text_report_shows_cloud_network_cluster_mesh_monitoring_namespaces_and_calls()
    {
        var (code, stdout, _) = Run(RepositoryRoot, "prod");

        Assert.Equal(0, code);
        Assert.StartsWith("stack prod (production): aws, region ap-northeast-2\n", stdout, StringComparison.Ordinal);
        foreach (var line in new[]
                 {
                     "  vpc: oneq-prod-vpc 10.20.0.0/16 (flow logs on)", "  subnets: 6", "  NAT gateways: 1",
                     "  EKS: oneq-prod, Kubernetes 1.35, in ap-northeast-2", "  high availability: on",
                     "  prometheus: retention 15d, storage 100 Gi", "  namespaces: 5", "  calls: 6",
                 })
        {
            Assert.Contains(line + "\n", stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("docs/plan-command.md", "## `plan dev`", "dev")]
    [InlineData("docs/plan-command.md", "## `plan prod`", "prod")]
    [InlineData("README.md", "### `plan dev`", "dev")]
    [InlineData("README.md", "### `plan prod`", "prod")]
    public void The_report_printed_in_the_docs_is_the_real_output(string file, string heading, string stack)
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot, file)).ReplaceLineEndings("\n");
        var at = docs.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{file} has no heading {heading}");
        var start = docs.IndexOf("```\n", at, StringComparison.Ordinal) + 4;
        var documented = docs[start..docs.IndexOf("```\n", start, StringComparison.Ordinal)];

        var (code, stdout, _) = Run(RepositoryRoot, stack);

        Assert.Equal(0, code);
        Assert.Equal(stdout, documented);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Report_lines_are_at_most_120_columns(string stack)
    {
        var (_, stdout, _) = Run(RepositoryRoot, stack);

        Assert.All(stdout.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length}: {line}"));
    }

    [Fact]
    public void Json_output_escapes_only_what_json_requires()
    {
        var (_, stdout, _) = Run(RepositoryRoot, "dev", "--format", "json");

        // The guardrail reasons hold quotes and apostrophes; the default encoder would write \u0027 and \u0022.
        Assert.DoesNotContain("\\u00", stdout, StringComparison.Ordinal);
        Assert.Contains("'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void With_two_thousand_services_the_report_stays_readable_and_mermaid_quotes_reserved_names()
    {
        var services = Enumerable.Range(0, 1999).Select(i => $"s{i}").Append("end").ToList();
        var text = "config:\n  gcp:project: oneq-big\n  gcp:region: asia-northeast3\n  oneq-order-infra:cloud: gcp\n"
            + "  oneq-order-infra:environment: test\n  oneq-order-infra:cluster:\n    admins: [serviceAccount:deploy@oneq-big.iam.gserviceaccount.com]\n"
            + "  oneq-order-infra:services:\n"
            + string.Concat(services.Select(s => $"    - name: {s}\n"))
            + "  oneq-order-infra:calls:\n"
            + string.Concat(services.Zip(services.Skip(1)).Select(c => $"    - {{ from: {c.First}, to: {c.Second} }}\n"));
        File.WriteAllText(Path.Combine(temp, "Pulumi.big.yaml"), text);

        var (code, report, stderr) = Run(temp, "big");
        var (_, mermaid, _) = Run(temp, "big", "--format", "mermaid");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.All(report.Split('\n'), line => Assert.True(line.Length <= 120, $"{line.Length}: {line[..Math.Min(line.Length, 200)]}"));
        Assert.True(report.Split('\n').Length < 400, $"{report.Split('\n').Length} lines");
        Assert.Contains("… and 1950 more namespaces (plan.json lists all 2000)", report, StringComparison.Ordinal);
        Assert.Contains("… and 1949 more calls (plan.json lists all 1999)", report, StringComparison.Ordinal);
        Assert.Contains("  svc_end[\"end\"]\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  s1998 -->|mTLS| svc_end\n", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  end", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_option_finds_the_stack_file_in_another_folder()
    {
        File.Copy(Path.Combine(RepositoryRoot, "Pulumi.dev.yaml"), Path.Combine(temp, "Pulumi.dev.yaml"));

        var (code, stdout, _) = Run(Path.GetTempPath(), "dev", "--root", temp, "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal("dev", Json(stdout).GetProperty("stack").GetString());
    }

    [Fact]
    public void A_missing_stack_file_exits_1_and_names_the_file_looked_for()
    {
        var (code, stdout, stderr) = Run(temp, "staging");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains($"expected a stack file at {Path.Combine(temp, "Pulumi.staging.yaml")}; no such file", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unclosed list", "config:\n  oneq-order-infra:cloud: [gcp\n  gcp:project: p\n", "Pulumi.bad.yaml (line 2, column 27)")]
    [InlineData("unclosed mapping", "config:\n  oneq-order-infra:network: { cidr: 10.0.0.0/16\n  gcp:project: p\n", "Pulumi.bad.yaml (line 2, column 29)")]
    [InlineData("tab", "config:\n  gcp:project: p\n\tgcp:region: x\n", "Pulumi.bad.yaml (line 3, column 1)")]
    [InlineData("not utf-8", "config:\n  gcp:project: \u00ff\n", "Pulumi.bad.yaml (line 2, column 16)")]
    public void A_file_the_parser_cannot_read_exits_1_with_its_line_and_column_not_a_crash(string what, string text, string where)
    {
        // "not utf-8": U+00FF written as Latin-1 is the single byte 0xFF, never valid UTF-8.
        var bytes = what == "not utf-8" ? System.Text.Encoding.Latin1.GetBytes(text) : System.Text.Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(Path.Combine(temp, "Pulumi.bad.yaml"), bytes);

        var (code, stdout, stderr) = Run(temp, "bad");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"error: {where}: got ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_environment_is_said_to_default_to_production()
    {
        var dev = File.ReadAllText(Path.Combine(RepositoryRoot, "Pulumi.dev.yaml"));
        File.WriteAllText(Path.Combine(temp, "Pulumi.qa.yaml"), dev.Replace("  oneq-order-infra:environment: test\n", string.Empty, StringComparison.Ordinal));

        var (code, _, stderr) = Run(temp, "qa");

        // The dev stack's relaxed controls are errors in production; the note says why production applies.
        Assert.Equal(1, code);
        Assert.StartsWith("note: oneq-order-infra:environment: not set, so production", stderr, StringComparison.Ordinal);
        Assert.Contains("error: oneq-order-infra:cluster.deletionProtection: got \"false\"; expected true in production", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/prod")]
    [InlineData("acme/oneq-order-infra/prod")]
    public void A_fully_qualified_stack_name_plans_its_stack(string name)
    {
        var (code, stdout, stderr) = Run(RepositoryRoot, name, "--format", "json");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.Equal("prod", Json(stdout).GetProperty("stack").GetString());
    }

    [Fact]
    public void A_fully_qualified_name_of_another_project_is_a_usage_error()
    {
        var (code, _, stderr) = Run(RepositoryRoot, "acme/shop/prod");

        Assert.Equal(2, code);
        Assert.Contains("plan: stack name 'acme/shop/prod' names project 'shop'; this is project oneq-order-infra", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JSON")]
    [InlineData("Json")]
    public void The_format_is_case_insensitive(string format)
    {
        var (code, stdout, _) = Run(RepositoryRoot, "prod", "--format", format);

        Assert.Equal(0, code);
        Assert.Equal(Run(RepositoryRoot, "prod", "--format", "json").Out, stdout);
    }

    [Fact]
    public void A_missing_stack_file_lists_the_stacks_in_the_folder()
    {
        File.Copy(Path.Combine(RepositoryRoot, "Pulumi.dev.yaml"), Path.Combine(temp, "Pulumi.dev.yaml"));
        File.Copy(Path.Combine(RepositoryRoot, "Pulumi.prod.yaml"), Path.Combine(temp, "Pulumi.prod.yaml"));

        var (code, _, stderr) = Run(temp, "staging");

        Assert.Equal(1, code);
        Assert.Contains($"no such file (stacks in {temp}: dev, prod)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_folder_is_named_as_missing()
    {
        var missing = Path.Combine(temp, "nowhere");

        var (code, _, stderr) = Run(temp, "dev", "--root", missing);

        Assert.Equal(1, code);
        Assert.Contains($"(the folder {missing} does not exist)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_with_several_faults_prints_all_of_them_exits_1_and_writes_nothing()
    {
        File.WriteAllText(Path.Combine(temp, "Pulumi.bad.yaml"), """
            config:
              oneq-order-infra:cloud: aws
              oneq-order-infra:network:
                cidr: 10.0.0.1/16
                zones: 1
              oneq-order-infra:cluster:
                kubernetesVersion: latest
                admins: [arn:aws:iam::123456789012:role/oneq-deploy]
            """);
        var output = Path.Combine(temp, "out");

        var (code, stdout, stderr) = Run(temp, "bad", "--format", "json", "--out", output);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(output));
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "error: aws:region: missing; expected the AWS region the stack lives in, e.g. ap-northeast-2 (required when cloud is aws)",
                "error: oneq-order-infra:network.zones: got \"1\"; expected a whole number from 2 to 6 on aws (EKS needs subnets in at least two availability zones)",
                "error: oneq-order-infra:network.cidr: got \"10.0.0.1/16\"; expected an IPv4 network address with prefix, such as 10.0.0.0/16 (host bits zero)",
                "error: oneq-order-infra:cluster.kubernetesVersion: got \"latest\"; expected a Kubernetes minor version 1.30 or newer, written major.minor such as 1.33",
                "error: oneq-order-infra:monitoring.receivers: got \"none\"; expected in production, at least one receiver (slack, pagerduty, webhook or email) whose severities include critical: a production stack's pages must reach someone, not the null receiver",
                "error: oneq-order-infra:ingress: missing; expected the public entry of the public services (oneq-order, appcard): { domain, dnsZone, hostnames, acme: { email } }; a service marked public (services[].public) is reached only through it",
            ],
            errors);
        Assert.Contains("plan: Pulumi.bad.yaml has 6 error(s); nothing was planned or written", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prod --format yaml")]
    [InlineData("prod --force")]
    [InlineData("../prod")]
    [InlineData("prod --colour")]
    [InlineData("prod --out")]
    public void Usage_errors_exit_2_with_the_usage_line(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var (code, stdout, stderr) = Run(RepositoryRoot, args);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("usage: plan <stack> [--root DIR] [--format text|json|mermaid] [--out DIR [--force]]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0_and_describes_the_options()
    {
        var (code, stdout, _) = Run(RepositoryRoot, "--help");

        Assert.Equal(0, code);
        Assert.Contains("--format", stdout, StringComparison.Ordinal);
        Assert.Contains("--out", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_writes_plan_json_and_plan_txt_matching_stdout()
    {
        var output = Path.Combine(temp, "rendered");

        var (code, stdout, stderr) = Run(RepositoryRoot, "dev", "--format", "json", "--out", output);

        Assert.Equal(0, code);
        Assert.Equal(["plan.json", "plan.mmd", "plan.txt"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(stdout, File.ReadAllText(Path.Combine(output, "plan.json")));
        Assert.Equal(Run(RepositoryRoot, "dev").Out, File.ReadAllText(Path.Combine(output, "plan.txt")));
        Assert.Contains($"plan: wrote 24 file(s) to {output}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_refuses_a_non_empty_folder_without_force_and_leaves_it_untouched()
    {
        var output = Directory.CreateDirectory(Path.Combine(temp, "busy")).FullName;
        File.WriteAllText(Path.Combine(output, "notes.md"), "mine");

        var (code, stdout, stderr) = Run(RepositoryRoot, "prod", "--out", output);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains($"plan: --out {output} is not empty; pass --force", stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.md"], Directory.GetFiles(output).Select(Path.GetFileName));
    }

    [Fact]
    public void Out_with_force_overwrites_the_plan_files_and_keeps_other_files()
    {
        var output = Directory.CreateDirectory(Path.Combine(temp, "again")).FullName;
        File.WriteAllText(Path.Combine(output, "plan.json"), "stale");
        File.WriteAllText(Path.Combine(output, "notes.md"), "mine");

        var (code, _, _) = Run(RepositoryRoot, "prod", "--out", output, "--force");

        Assert.Equal(0, code);
        Assert.Equal("prod", Json(File.ReadAllText(Path.Combine(output, "plan.json"))).GetProperty("stack").GetString());
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.md")));
    }

    [Fact]
    public void Out_with_an_empty_path_is_a_usage_error_that_says_so()
    {
        var (code, stdout, stderr) = Run(temp, "prod", "--root", RepositoryRoot, "--out", "");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal(["plan: --out needs a folder path (got an empty one)"], stderr.Split('\n').Where(l => l.StartsWith("plan: ", StringComparison.Ordinal)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }

    [Fact]
    public void Out_that_cannot_be_written_prints_no_report_and_leaves_nothing_behind()
    {
        // The folder's parent is a file, so nothing can be created there.
        File.WriteAllText(Path.Combine(temp, "a-file"), "x");
        var output = Path.Combine(temp, "a-file", "rendered");

        var (code, stdout, stderr) = Run(RepositoryRoot, "prod", "--out", output);

        Assert.Equal(3, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"plan: could not write to {output}: ", stderr, StringComparison.Ordinal);
        Assert.Equal(["a-file"], Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName));
    }

    [Fact]
    public void Out_is_staged_beside_the_folder_and_moved_into_place_leaving_no_staging_folder()
    {
        var output = Path.Combine(temp, "rendered");

        var (code, _, _) = Run(RepositoryRoot, "prod", "--out", output);
        var (again, _, _) = Run(RepositoryRoot, "prod", "--out", output, "--force");

        Assert.Equal(0, code);
        Assert.Equal(0, again);
        Assert.Equal(["rendered"], Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName));
        Assert.Equal(26, Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count());  // 17 layer files (prod has the autoscaler and load balancer controller values), 6 edge files, plan.json/.txt/.mmd
    }

    [Fact]
    public void Out_accepts_an_existing_empty_folder()
    {
        var output = Directory.CreateDirectory(Path.Combine(temp, "empty")).FullName;

        var (code, _, _) = Run(RepositoryRoot, "prod", "--out", output);

        Assert.Equal(0, code);
        Assert.True(File.Exists(Path.Combine(output, "plan.txt")));
    }

    [Fact]
    public void Out_refuses_a_path_that_is_a_file()
    {
        var file = Path.Combine(temp, "a-file");
        File.WriteAllText(file, "x");

        var (code, _, stderr) = Run(RepositoryRoot, "prod", "--out", file, "--force");

        Assert.Equal(2, code);
        Assert.Contains($"plan: --out {file} is a file, not a folder", stderr, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }
}
