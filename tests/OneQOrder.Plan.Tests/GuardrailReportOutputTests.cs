using System.Text.Json;
using OneQOrder.Platform.Guardrails;

namespace OneQOrder.Plan.Tests;

/// <summary>
/// Issue 5: <c>plan</c> prints the stack's guardrail report (pass / relaxed with reason / not applicable) and
/// <c>--format json</c> carries it; a production stack that weakens a control is refused before anything is printed.
/// </summary>
public sealed class GuardrailReportOutputTests : IDisposable
{
    private static readonly string RepositoryRoot = PlanCommandTests.RepositoryRoot;

    /// <summary>The statuses a stack that passed validation may show (fail would be a planner defect).</summary>
    private static readonly string[] JsonStatuses = ["pass", "relaxed", "notApplicable"];

    private static readonly string[] ProductionLabels = ["pass", "not applicable"];

    private readonly string temp = Directory.CreateTempSubdirectory("oneq-plan-guardrail-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>A minimal production AWS stack in the temp folder, with one extra line under <c>cluster</c>.</summary>
    private void WriteProductionStack(string clusterSetting) =>
        File.WriteAllText(Path.Combine(temp, "Pulumi.prod.yaml"), $"""
            config:
              aws:region: ap-northeast-2
              oneq-order-infra:cloud: aws
              oneq-order-infra:environment: production
              oneq-order-infra:network:
                cidr: 10.20.0.0/16
                zones: 3
              oneq-order-infra:monitoring:
                receivers:
                  - name: oncall
                    type: pagerduty
              oneq-order-infra:monitoringSecrets:
                oncall:
                  secure: v1:dGVzdA==
              oneq-order-infra:ingress:
                domain: oneq.example
                dnsZone: Z0123456789ABCDEFGHIJ
                hostnames:
                  oneq-order: [order.oneq.example]
                  appcard: [appcard.oneq.example]
                acme:
                  email: platform@oneq.example
              oneq-order-infra:cluster:
                kubernetesVersion: "1.35"
                admins: [arn:aws:iam::123456789012:role/oneq-deploy]
                {clusterSetting}
            """);

    /// <summary>The control lines of the text report's guardrail section: id → status label.</summary>
    private static Dictionary<string, string> StatusLines(string report)
    {
        var section = report[report.IndexOf("\nGuardrails (docs/guardrails.md)\n", StringComparison.Ordinal)..];
        var ids = GuardrailCatalogue.Controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return section.Split('\n')
            .Select(line => line.Trim().Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length >= 4 && ids.Contains(cells[0]))
            .ToDictionary(cells => cells[0], cells => cells[2], StringComparer.Ordinal);
    }

    [Fact]
    public void Plan_prod_shows_every_control_as_pass_or_not_applicable_and_none_relaxed()
    {
        var (code, stdout, _) = PlanCommandTests.Run(RepositoryRoot, "prod");

        Assert.Equal(0, code);
        var statuses = StatusLines(stdout);
        Assert.Equal(GuardrailCatalogue.Controls.Select(c => c.Id), statuses.Keys);
        Assert.All(statuses.Values, status => Assert.Contains(status, ProductionLabels));
        Assert.Contains($"  controls: {GuardrailCatalogue.Controls.Count} ({statuses.Values.Count(s => s == "pass")} pass, 0 relaxed, "
            + $"{statuses.Values.Count(s => s == "not applicable")} not applicable)\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_dev_shows_exactly_the_documented_relaxations_with_their_reasons()
    {
        var (code, stdout, _) = PlanCommandTests.Run(RepositoryRoot, "dev");

        Assert.Equal(0, code);
        var relaxed = StatusLines(stdout).Where(s => s.Value == "relaxed").Select(s => s.Key);
        Assert.Equal(["CP-08", "MESH-02"], relaxed);
        var lines = stdout.Split('\n');
        foreach (var (id, setting) in new[] { ("CP-08", "cluster.deletionProtection=false"), ("MESH-02", "mesh.ha=false") })
        {
            var control = GuardrailCatalogue.Find(id);
            var row = Array.FindIndex(lines, l => l.TrimStart().StartsWith(id + " ", StringComparison.Ordinal));
            Assert.EndsWith($"  {control.Title}", lines[row], StringComparison.Ordinal);
            // The note may wrap (report lines stop at 120 columns); its continuation lines share its indent.
            var indent = lines[row + 1].Length - lines[row + 1].TrimStart().Length;
            var note = string.Join(' ', lines.Skip(row + 1).TakeWhile((l, i) => i == 0 || (l.Length - l.TrimStart().Length == indent && l.Trim().Length > 0)).Select(l => l.Trim()));
            Assert.Equal($"{setting}: {control.TestRelaxationReason}", note);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Json_has_a_guardrails_member_covering_every_catalogue_control_in_the_documented_shape(string stack)
    {
        var (code, stdout, _) = PlanCommandTests.Run(RepositoryRoot, stack, "--format", "json");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(stdout);
        var guardrails = document.RootElement.GetProperty("guardrails");
        Assert.Equal(["counts", "controls"], guardrails.EnumerateObject().Select(p => p.Name));
        var controls = guardrails.GetProperty("controls").EnumerateArray().ToList();
        Assert.Equal(GuardrailCatalogue.Controls.Count, controls.Count);
        Assert.Equal(GuardrailCatalogue.Controls.Select(c => c.Id), controls.Select(c => c.GetProperty("id").GetString()));
        Assert.All(controls, c => Assert.Equal(
            ["id", "catalogue", "title", "layer", "status", "reason", "relaxations"],
            c.EnumerateObject().Select(p => p.Name)));
        Assert.All(controls, c => Assert.Contains(c.GetProperty("status").GetString(), JsonStatuses));
        Assert.All(controls, c => Assert.NotEmpty(c.GetProperty("reason").GetString()!));
        Assert.All(controls, c => Assert.Equal(c.GetProperty("status").GetString() == "relaxed", c.GetProperty("relaxations").GetArrayLength() > 0));
        var counts = guardrails.GetProperty("counts");
        Assert.Equal(["pass", "relaxed", "notApplicable", "fail"], counts.EnumerateObject().Select(p => p.Name));
        foreach (var status in new[] { "pass", "relaxed", "notApplicable", "fail" })
        {
            Assert.Equal(controls.Count(c => c.GetProperty("status").GetString() == status), counts.GetProperty(status).GetInt32());
        }
    }

    [Fact]
    public void Json_of_dev_names_the_key_and_value_of_each_relaxation()
    {
        var (_, stdout, _) = PlanCommandTests.Run(RepositoryRoot, "dev", "--format", "json");

        using var document = JsonDocument.Parse(stdout);
        var relaxations = document.RootElement.GetProperty("guardrails").GetProperty("controls").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "relaxed")
            .Select(c => $"{c.GetProperty("id").GetString()} {c.GetProperty("layer").GetString()} " + string.Join(",",
                c.GetProperty("relaxations").EnumerateArray().Select(r => $"{r.GetProperty("key").GetString()}={r.GetProperty("value").GetString()}")));
        Assert.Equal(["CP-08 cluster cluster.deletionProtection=false", "MESH-02 mesh mesh.ha=false"], relaxations);
    }

    [Theory]
    [InlineData("secretsEncryption: false", "error: oneq-order-infra:cluster.secretsEncryption: got \"false\"; expected true in production (guardrail CP-03 ")]
    [InlineData("publicAccessCidrs: [0.0.0.0/0]", "error: oneq-order-infra:cluster.publicAccessCidrs[0]: got \"0.0.0.0/0\"; expected no /0 range: leave cluster.publicAccessCidrs empty (private endpoint only) or list the specific CIDRs that may reach the endpoint in production (guardrail CP-01 ")]
    public void A_production_stack_that_weakens_a_control_is_refused_naming_the_control_and_key_and_writes_nothing(string clusterSetting, string error)
    {
        WriteProductionStack(clusterSetting);
        var output = Path.Combine(temp, "out");

        var (code, stdout, stderr) = PlanCommandTests.Run(temp, "prod", "--out", output);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(output));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(error, lines[0], StringComparison.Ordinal);
        Assert.Equal("plan: Pulumi.prod.yaml has 1 error(s); nothing was planned or written", lines[1]);
    }

    [Fact]
    public void The_same_production_stack_without_the_weakening_setting_is_planned()
    {
        WriteProductionStack(clusterSetting: string.Empty);

        var (code, stdout, stderr) = PlanCommandTests.Run(temp, "prod");

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.DoesNotContain(" relaxed ", stdout, StringComparison.Ordinal);
    }
}
