using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

public sealed partial class GuardrailReportTests
{
    /// <summary>camelCase property names, as the plan command writes JSON.</summary>
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private static readonly IReadOnlyDictionary<GuardrailLayer, string> Prefixes = new Dictionary<GuardrailLayer, string>
    {
        [GuardrailLayer.Network] = "NET",
        [GuardrailLayer.Cluster] = "CP",
        [GuardrailLayer.Node] = "NODE",
        [GuardrailLayer.WorkloadIdentity] = "WI",
        [GuardrailLayer.Namespace] = "NS",
        [GuardrailLayer.Mesh] = "MESH",
        [GuardrailLayer.Monitoring] = "MON",
        [GuardrailLayer.Edge] = "EDGE",
    };

    [Fact]
    public void Catalogue_maps_every_one_of_the_35_rows_and_the_3_edge_rows_in_order()
    {
        var controls = GuardrailCatalogue.Controls;

        Assert.Equal(Enumerable.Range(1, 38), controls.Select(c => c.Catalogue).Distinct());
        Assert.Equal(controls.Select(c => c.Catalogue).Order(), controls.Select(c => c.Catalogue));
        Assert.Equal(40, controls.Count);
        Assert.Equal(["EDGE-01", "EDGE-02", "EDGE-03"], controls.Where(c => c.Catalogue > 35).Select(c => c.Id));
        Assert.Equal(["WI-01", "WI-02"], controls.Where(c => c.Catalogue == 19).Select(c => c.Id));
        Assert.Equal(["MESH-01", "MESH-02"], controls.Where(c => c.Catalogue == 26).Select(c => c.Id));
        Assert.Equal(controls.Count, controls.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Control_ids_carry_their_layer_prefix_and_number_each_layer_in_catalogue_order()
    {
        foreach (var layer in GuardrailCatalogue.Controls.GroupBy(c => c.Layer))
        {
            Assert.Equal(
                layer.Select((_, i) => $"{Prefixes[layer.Key]}-{i + 1:00}"),
                layer.Select(c => c.Id));
        }
    }

    [Fact]
    public void Every_control_has_a_named_test_of_its_own()
    {
        var tests = typeof(GuardrailControlTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .Select(m => m.Name)
            .ToList();

        Assert.All(GuardrailCatalogue.Controls, control =>
            Assert.Contains(tests, name => name.StartsWith(control.Id.Replace('-', '_') + "_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Relaxable_controls_are_few_and_each_documents_why_and_which_key()
    {
        var relaxable = GuardrailCatalogue.Controls.Where(c => c.RelaxableInTest).ToList();

        Assert.Equal(["NET-03", "CP-07", "CP-08", "MESH-02", "EDGE-02"], relaxable.Select(c => c.Id));
        Assert.All(relaxable, c =>
        {
            Assert.NotEmpty(c.SettingKeys);
            Assert.True(c.TestRelaxationReason!.Length > 60, $"{c.Id} explains why relaxing is acceptable in test");
        });
    }

    [Fact]
    public void Every_not_applicable_cloud_states_its_reason()
    {
        var notApplicable = GuardrailCatalogue.Controls.SelectMany(c => c.NotApplicable.Select(n => (c.Id, n))).ToList();

        Assert.Equal(
            ["NET-05 Aws", "CP-06 Aws", "NODE-01 Gcp", "NODE-02 Aws", "NODE-04 Aws", "MESH-06 Aws"],
            notApplicable.Select(x => $"{x.Id} {x.n.Cloud}"));
        Assert.All(notApplicable, x => Assert.True(x.n.Reason.Length > 40, $"{x.Id} says why it does not apply"));

        // The edge's controls do not apply to a stack without one, and say so.
        Assert.Equal(["MESH-07", "EDGE-01", "EDGE-02", "EDGE-03"],
            GuardrailCatalogue.Controls.Where(c => c.NotApplicableWithoutEdge is not null).Select(c => c.Id));
    }

    [Fact]
    public void Plan_prod_shows_every_control_pass_or_not_applicable_with_a_reason()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var report = plan.Guardrails;

        Assert.Equal(GuardrailCatalogue.Controls, report.Entries.Select(e => e.Control));
        Assert.All(report.Entries, e => Assert.Contains(e.Status, new[] { GuardrailStatus.Pass, GuardrailStatus.NotApplicable }));
        Assert.All(report.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Detail)));
        Assert.Equal(0, report.Count(GuardrailStatus.Relaxed));
        Assert.Equal(["NET-05", "CP-06", "NODE-02", "NODE-04", "MESH-06"],
            report.Entries.Where(e => e.Status == GuardrailStatus.NotApplicable).Select(e => e.Control.Id));
        Assert.Equal("private endpoint on; public endpoint limited to 198.51.100.0/28", report["CP-01"].Detail);
    }

    [Fact]
    public void Plan_dev_shows_only_the_documented_relaxations()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));

        var relaxed = plan.Guardrails.Entries.Where(e => e.Status == GuardrailStatus.Relaxed).ToList();

        Assert.Equal(["CP-08", "MESH-02"], relaxed.Select(e => e.Control.Id));
        Assert.Equal(["cluster.deletionProtection=false", "mesh.ha=false"], relaxed.SelectMany(e => e.Relaxations).Select(r => r.ToString()));
        Assert.All(relaxed, e => Assert.True(e.Control.RelaxableInTest));
        Assert.All(relaxed, e => Assert.EndsWith(e.Control.TestRelaxationReason!, e.Detail, StringComparison.Ordinal));
        Assert.Equal(0, plan.Guardrails.Count(GuardrailStatus.Fail));
        Assert.Equal(["NODE-01"],
            plan.Guardrails.Entries.Where(e => e.Status == GuardrailStatus.NotApplicable).Select(e => e.Control.Id));
    }

    [Fact]
    public void Production_error_names_the_key_the_value_and_the_control_with_its_sources()
    {
        var result = Load("aws", "oneq-order-infra:cluster:\n  secretsEncryption: false");

        var error = Assert.Single(result.Errors);

        Assert.Equal(
            "oneq-order-infra:cluster.secretsEncryption: got \"false\"; expected true in production " +
            "(guardrail CP-03 \"Secrets envelope-encrypted with a customer-managed KMS key\"; KB-EKS 5.3.1, KB-GKE 5.3.1, " +
            "EKS-BP data \"Use AWS KMS for envelope encryption\")",
            error.Message);
    }

    [Fact]
    public void Production_reports_every_relaxed_control_at_once_with_the_other_errors()
    {
        var result = Load("aws", """
            oneq-order-infra:network:
              flowLogs: false
              zones: 1
            oneq-order-infra:cluster:
              publicNodeIps: true
              publicAccessCidrs: [0.0.0.0/0]
              secretsEncryption: false
              auditLogs: false
              auditLogRetentionDays: 30
              deletionProtection: false
            oneq-order-infra:mesh:
              ha: false
              injection: false
              defaultInboundPolicy: audit
            oneq-order-infra:monitoring:
              grafanaAdminFromSecret: false
            oneq-order-infra:namespaces:
              defaultDeny: false
              podSecurity: privileged
            """);

        Assert.Equal(
            [
                "oneq-order-infra:cluster.auditLogRetentionDays", "oneq-order-infra:cluster.auditLogs",
                "oneq-order-infra:cluster.deletionProtection", "oneq-order-infra:cluster.publicAccessCidrs[0]",
                "oneq-order-infra:cluster.publicNodeIps", "oneq-order-infra:cluster.secretsEncryption",
                "oneq-order-infra:mesh.defaultInboundPolicy", "oneq-order-infra:mesh.ha", "oneq-order-infra:mesh.injection",
                "oneq-order-infra:monitoring.grafanaAdminFromSecret", "oneq-order-infra:namespaces.defaultDeny",
                "oneq-order-infra:namespaces.podSecurity", "oneq-order-infra:network.flowLogs", "oneq-order-infra:network.zones",
            ],
            result.Keys());
        Assert.All(result.Errors.Where(e => e.Key != "oneq-order-infra:network.zones"),
            e => Assert.Matches(GuardrailCitation(), e.Expected));
    }

    [Fact]
    public void Test_stack_may_relax_the_relaxable_controls_together_without_errors()
    {
        var result = Load("gcp", TestEnvironment + """
            oneq-order-infra:network:
              flowLogs: false
            oneq-order-infra:cluster:
              deletionProtection: false
            oneq-order-infra:mesh:
              ha: false
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["NET-03", "CP-08", "MESH-02"], GuardrailEvaluator.Relaxations(result.Settings).Select(x => x.Control.Id));
    }

    [Fact]
    public void Aws_only_or_gcp_only_controls_never_reject_the_other_cloud()
    {
        var relaxations = GuardrailCatalogue.Controls.Where(c => c.NotApplicable.Count > 0).SelectMany(c => c.SettingKeys);

        Assert.Empty(relaxations);
    }

    [Fact]
    public void Text_report_lists_every_control_with_its_status_and_evidence()
    {
        var report = PlatformPlanner.Build(Repository.Validated("dev")).Guardrails;

        var text = GuardrailReportText.Render(report);
        var lines = text.Split('\n');

        Assert.Equal("Guardrails for stack dev (gcp, test): 37 pass, 2 relaxed, 1 not applicable", lines[0]);
        Assert.Equal(1 + (2 * 40) + 1, lines.Length);
        Assert.Equal("  CP-08    #13  relaxed         Deletion protection on the cluster", lines.Single(l => l.Contains("CP-08 ", StringComparison.Ordinal)));
        Assert.StartsWith(new string(' ', 32) + "cluster.deletionProtection=false: a test stack", lines[1 + lines.Skip(1).ToList().FindIndex(l => l.StartsWith("  CP-08", StringComparison.Ordinal)) + 1], StringComparison.Ordinal);
        Assert.Equal(text, GuardrailReportText.Render(report));
    }

    [Fact]
    public void Report_serialises_to_camel_case_json_with_enum_names()
    {
        var report = PlatformPlanner.Build(Repository.Validated("dev")).Guardrails;

        var json = JsonNode.Parse(JsonSerializer.Serialize(report, WebJson))!;

        Assert.Equal("dev", json["stack"]!.GetValue<string>());
        Assert.Equal("gcp", json["cloud"]!.GetValue<string>());
        Assert.Equal("test", json["environment"]!.GetValue<string>());
        var first = json["entries"]![0]!;
        Assert.Equal("NET-01", first["control"]!["id"]!.GetValue<string>());
        Assert.Equal("network", first["control"]!["layer"]!.GetValue<string>());
        Assert.Equal("pass", first["status"]!.GetValue<string>());
        var nodeImds = json["entries"]!.AsArray().Single(e => e!["control"]!["id"]!.GetValue<string>() == "NODE-01")!;
        Assert.Equal("notApplicable", nodeImds["status"]!.GetValue<string>());
        Assert.Equal("gcp", nodeImds["control"]!["notApplicable"]![0]!["cloud"]!.GetValue<string>());
        var deletion = json["entries"]!.AsArray().Single(e => e!["control"]!["id"]!.GetValue<string>() == "CP-08")!;
        Assert.Equal("cluster.deletionProtection", deletion["relaxations"]![0]!["key"]!.GetValue<string>());
        Assert.True(deletion["control"]!["relaxableInTest"]!.GetValue<bool>());
    }

    [Fact]
    public void Invalid_stack_configuration_exception_lists_guardrail_errors_with_the_others()
    {
        var source = Config.FromYaml("prod", GuardrailStacks.Yaml("aws", "oneq-order-infra:mesh:\n  injection: false"));

        var ex = Assert.Throws<InvalidStackConfigurationException>(() => StackConfiguration.LoadOrThrow(source));

        Assert.Contains("oneq-order-infra:mesh.injection: got \"false\"; expected true in production (guardrail MESH-01", ex.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("""\(guardrail [A-Z]+-\d\d "[^"]+"; .+\)$""")]
    private static partial Regex GuardrailCitation();
}
