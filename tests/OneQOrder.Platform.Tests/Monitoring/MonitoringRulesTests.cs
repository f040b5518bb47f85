using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Monitoring;

/// <summary>Issue 14 and issue 10 item 6: routing, rules, SLOs from the call matrix, dashboards, and their checks.</summary>
public sealed partial class MonitoringRulesTests
{
    private static IEnumerable<PrometheusRule> Rules(PlatformPlan plan) => plan.Monitoring.RuleObjects.Select(f => f.Thaw<PrometheusRule>());

    private static IEnumerable<PrometheusRuleEntry> Entries(PlatformPlan plan) =>
        Rules(plan).Append(PlatformRules.TrustAnchorRule(plan.Monitoring.RunbookUrl, DateTimeOffset.UnixEpoch.AddYears(60)))
            .SelectMany(r => r.Spec.Groups).SelectMany(g => g.Rules);

    /// <summary>Every expression of the rules and the platform's dashboards (the gateway's too, rendered with an edge), named.</summary>
    private static List<(string Name, string Expr)> Expressions(PlatformPlan plan) =>
    [
        .. Entries(plan).Select(e => (e.Alert ?? e.Record!, e.Expr)),
        .. Dashboards.Queries(TenantCatalogue.From(plan.Settings))
            .Concat(Dashboards.GatewayQueries(Platform.Edge.EdgePlanner.ProxyJob, Platform.Edge.EdgePlanner.ControllerJob))
            .Select(q => ($"{q.Dashboard}/{q.Panel}", q.Expr)),
    ];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_alert_has_a_severity_the_router_knows_and_a_runbook_anchor_that_exists(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var anchors = Anchors(File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md")));

        var alerts = Entries(plan).Where(e => e.Alert is not null).ToList();

        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
        {
            Assert.Contains(a.Labels!["severity"], AlertReceivers.Severities);
            var url = a.Annotations!["runbook_url"];
            Assert.StartsWith(plan.Monitoring.RunbookUrl + "#", url, StringComparison.Ordinal);
            Assert.True(anchors.Contains(url[(url.IndexOf('#', StringComparison.Ordinal) + 1)..]), $"{a.Alert}: {url} has no heading in docs/operations.md");
        });
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_platform_namespace_the_plan_renders_is_watched_for_crash_looping_and_pending_pods(string stack)
    {
        // Arrange: the namespaces of the platform's own components, as rendered (mesh, monitoring, the public entry).
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var rendered = plan.Mesh.NamespaceObjects.Concat(plan.Monitoring.ManifestObjects).Concat(plan.Edge?.NamespaceObjects ?? [])
            .Select(m => m.Value).OfType<k8s.Models.V1Namespace>().Select(n => n.Metadata.Name).ToList();
        Assert.Contains(PlatformNamespaces.Gateway, rendered);

        foreach (var alert in new[] { "OneqPlatformPodCrashLooping", "OneqPlatformPodPending" })
        {
            // Act
            var expr = Entries(plan).Single(e => e.Alert == alert).Expr;
            var watched = NamespaceSelector().Match(expr).Groups[1].Value.Split('|');

            // Assert
            Assert.Empty(rendered.Except(watched));
        }
    }

    [GeneratedRegex("namespace=~\"([^\"]+)\"")]
    private static partial Regex NamespaceSelector();

    [Fact]
    public void A_runbook_link_without_a_heading_is_caught()
    {
        var anchors = Anchors("## Alerting\n### Alert: OneqNodeNotReady\n");

        Assert.Contains(PlatformRules.RunbookAnchor("OneqNodeNotReady"), anchors);
        Assert.DoesNotContain(PlatformRules.RunbookAnchor("OneqGrafanaDown"), anchors);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Rules_and_dashboards_read_only_metrics_the_scraped_components_expose_or_the_rules_record(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        var unknown = Expressions(plan)
            .SelectMany(e => MetricCatalogue.MetricsOf(e.Expr).Where(m => !MetricCatalogue.Known.Contains(m)).Select(m => $"{e.Name}: {m}"))
            .ToList();

        Assert.Empty(unknown);
        Assert.Contains("issuer_cert_ttl_seconds", Expressions(plan).SelectMany(e => MetricCatalogue.MetricsOf(e.Expr)));
    }

    [Fact]
    public void The_metric_reader_finds_selected_metrics_and_skips_functions_labels_and_durations()
    {
        var metrics = MetricCatalogue.MetricsOf(
            "sum by (namespace, le) (rate(response_latency_ms_bucket{direction=\"inbound\", namespace=~\"a|b\"}[5m] offset 1h)) / on (namespace) group_left up > bool 0.5 and absent(typo_total)");

        Assert.Equal(["response_latency_ms_bucket", "up", "typo_total"], metrics);
        Assert.DoesNotContain("typo_total", MetricCatalogue.Known);
    }

    [SkippableTheory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_promql_expression_parses_with_prometheus_own_grammar(string stack)
    {
        var (ok, reason) = Parse([("probe", "up")]);
        Skip.IfNot(ok, reason);
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        var (parsed, output) = Parse(Expressions(plan));

        Assert.True(parsed, output);
    }

    [SkippableFact]
    public void The_parse_check_rejects_a_broken_expression()
    {
        var (ok, reason) = Parse([("probe", "up")]);
        Skip.IfNot(ok, reason);

        var (parsed, output) = Parse([("broken", "sum by (namespace (rate(up[5m]))")]);

        Assert.False(parsed);
        Assert.Contains("broken: syntax error", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_added_to_the_matrix_gets_its_recording_rules_and_a_dashboard_panel()
    {
        // The README's example: a sixth service `loyalty` and the call pg -> loyalty, nothing else changed.
        var before = PlatformPlanner.Build(Repository.Validated("dev"));
        var yaml = File.ReadAllText(Path.Combine(Repository.Root, "Pulumi.dev.yaml"))
            + "  oneq-order-infra:services:\n"
            + string.Concat(before.Settings.Services.Select(s => $"    - {{ name: {s.Name}{(s.Public ? ", public: true" : string.Empty)} }}\n"))
            + "    - { name: loyalty, port: 9090 }\n"
            + "  oneq-order-infra:calls:\n"
            + string.Concat(before.Settings.Calls.Select(c => $"    - {{ from: {c.From}, to: {c.To} }}\n"))
            + "    - { from: pg, to: loyalty }\n";
        var file = OneQOrder.Platform.Configuration.StackFile.Parse("dev", yaml);
        var after = PlatformPlanner.Build(StackConfiguration.LoadOrThrow(file.Source!));

        static List<string> CallRules(PlatformPlan plan) => [.. Rules(plan).SelectMany(r => r.Spec.Groups).SelectMany(g => g.Rules)
            .Where(r => r.Record?.StartsWith("namespace_dst_namespace:", StringComparison.Ordinal) == true).Select(r => r.Expr)];
        static List<string> Panels(PlatformPlan plan) => [.. Dashboards.Queries(TenantCatalogue.From(plan.Settings))
            .Where(q => q.Dashboard == "oneq-call-matrix").Select(q => q.Panel).Distinct()];

        var added = CallRules(after).Except(CallRules(before)).ToList();
        Assert.Equal(3, added.Count);
        Assert.All(added, e => Assert.Contains("namespace=\"pg\", dst_namespace=\"loyalty\"", e, StringComparison.Ordinal));
        Assert.Equal(["pg → loyalty"], Panels(after).Except(Panels(before)));
        Assert.Contains(Rules(after), r => r.Metadata.Name == SloRules.RuleName("loyalty"));
        Assert.Contains(after.Monitoring.DashboardTitles, d => d.Uid == "oneq-service-loyalty");
        Assert.Empty(Panels(before).Except(Panels(after)));
    }

    [Fact]
    public void Burn_rate_thresholds_follow_each_services_objective()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));

        var fast = Rules(plan).Single(r => r.Metadata.Name == SloRules.RuleName("pg")).Spec.Groups.SelectMany(g => g.Rules)
            .Single(r => r.Alert == "OneqServiceErrorBudgetFastBurn");

        // 99.9 % leaves a 0.001 budget: 14.4x is 0.0144 and 6x is 0.006.
        Assert.Contains($"{SloRules.ErrorRatioSeries("1h")}{{namespace=\"pg\"}} > 0.0144", fast.Expr, StringComparison.Ordinal);
        Assert.Contains($"{SloRules.ErrorRatioSeries("30m")}{{namespace=\"pg\"}} > 0.006", fast.Expr, StringComparison.Ordinal);
        Assert.Equal("critical", fast.Labels!["severity"]);
    }

    [Fact]
    public void Mesh_certificate_alerts_use_the_identity_controllers_metric_and_the_recorded_anchor_expiry()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var notAfter = new DateTimeOffset(2036, 11, 27, 0, 0, 0, TimeSpan.Zero);

        var issuer = Rules(plan).Single(r => r.Metadata.Name == PlatformRules.MeshCertificateRuleName).Spec.Groups.Single().Rules;
        var anchor = PlatformRules.TrustAnchorRule(plan.Monitoring.RunbookUrl, notAfter).Spec.Groups.Single().Rules;

        // The warning opens with pulumi up's renewal window: the last quarter of mesh.issuerValidityHours.
        Assert.Equal($"min(issuer_cert_ttl_seconds{{namespace=\"linkerd\"}}) < {plan.Settings.Mesh.IssuerValidityHours * 3600L / 4}",
            issuer.Single(r => r.Alert == "OneqMeshIssuerRenewalDue").Expr);
        Assert.Contains(issuer, r => r.Alert == "OneqMeshIssuerExpiryUnknown" && r.Expr.StartsWith("absent(", StringComparison.Ordinal));
        Assert.Equal($"vector({notAfter.ToUnixTimeSeconds()})", anchor.Single(r => r.Record == PlatformRules.TrustAnchorExpirySeries).Expr);
        Assert.Contains("oneq-mesh-trust-anchor", plan.Monitoring.TrustAnchorRuleYaml(notAfter), StringComparison.Ordinal);
        Assert.All(issuer.Concat(anchor).Where(r => r.Alert is not null), r => Assert.Contains(r.Labels!["severity"], AlertReceivers.Severities));
    }

    [Fact]
    public void A_test_stack_without_receivers_routes_everything_to_the_null_receiver_and_mounts_no_secret()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));

        var receiver = Assert.Single(plan.Monitoring.Receivers);
        var spec = (HelmValues)((HelmValues)plan.Monitoring.Values["alertmanager"]!)["alertmanagerSpec"]!;

        Assert.Equal((AlertReceivers.NullReceiver, (string?)null), (receiver.Name, receiver.SecretFile));
        Assert.Null(plan.Monitoring.ReceiverSecretName);
        Assert.False(spec.ContainsKey("secrets"));
    }

    [Fact]
    public void Production_routes_by_severity_and_names_secrets_only_by_their_mounted_file()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var values = plan.Monitoring.Release.ValuesYaml;
        var stackFile = File.ReadAllText(Path.Combine(Repository.Root, "Pulumi.prod.yaml"));

        var spec = (HelmValues)((HelmValues)plan.Monitoring.Values["alertmanager"]!)["alertmanagerSpec"]!;

        Assert.Equal([AlertReceivers.SecretName], ((IEnumerable<object>)spec["secrets"]!).Cast<string>());
        Assert.Contains("routing_key_file: /etc/alertmanager/secrets/alertmanager-receivers/oncall", values, StringComparison.Ordinal);
        Assert.Contains("api_url_file: /etc/alertmanager/secrets/alertmanager-receivers/platform-chat", values, StringComparison.Ordinal);
        Assert.Contains("severity =~ \"critical\"", values, StringComparison.Ordinal);

        // No ciphertext of the stack file reaches any rendered file or the values.
        var ciphertexts = SecureValue().Matches(stackFile).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ciphertexts);
        var rendered = string.Concat(LayerOutput.Files(plan).Select(f => f.Yaml));
        Assert.All(ciphertexts, c => Assert.DoesNotContain(c, rendered, StringComparison.Ordinal));
    }

    [Fact]
    public void Alertmanager_has_explicit_resource_requests()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var requests = (HelmValues)((HelmValues)((HelmValues)((HelmValues)plan.Monitoring.Values["alertmanager"]!)["alertmanagerSpec"]!)["resources"]!)["requests"]!;

        Assert.Equal(("50m", "64Mi"), ((string)requests["cpu"]!, (string)requests["memory"]!));
    }

    [Fact]
    public void Dashboards_are_configmaps_the_sidecar_loads_and_nothing_is_downloaded()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));
        var grafana = (HelmValues)plan.Monitoring.Values["grafana"]!;

        var maps = plan.Monitoring.DashboardObjects.Select(f => f.Thaw<k8s.Models.V1ConfigMap>()).ToList();

        Assert.False(grafana.ContainsKey("dashboards"), "no gnetId download");
        Assert.False(grafana.ContainsKey("dashboardProviders"));
        Assert.Equal(3 + plan.Settings.Services.Count, maps.Count); // overview, call matrix, mesh, one per service
        Assert.All(maps, m =>
        {
            Assert.Equal(Dashboards.SidecarLabelValue, m.Metadata.Labels[Dashboards.SidecarLabel]);
            Assert.Equal(PlatformNamespaces.Monitoring, m.Metadata.NamespaceProperty);
            var json = JsonNode.Parse(Assert.Single(m.Data).Value)!;
            Assert.False(string.IsNullOrEmpty((string?)json["uid"]));
        });

    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_job_a_dashboard_selects_is_one_a_pod_monitor_sets(string stack)
    {
        // Arrange: the jobs the rendered PodMonitors relabel their targets to.
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var produced = plan.Monitoring.ManifestObjects.Select(f => f.Thaw()).OfType<OneQOrder.Platform.Rendering.PodMonitor>()
            .SelectMany(m => m.Spec.PodMetricsEndpoints.SelectMany(e => e.Relabelings).Where(r => r.TargetLabel == "job").Select(r => r.Replacement))
            .ToHashSet();

        // Act
        var selected = Dashboards.Queries(plan.Tenants)
            .SelectMany(q => System.Text.RegularExpressions.Regex.Matches(q.Expr, "job=\"([^\"]+)\"").Select(m => (q.Dashboard, Job: m.Groups[1].Value)))
            .ToList();

        // Assert: the mesh dashboard selects by job, and each job exists.
        Assert.Contains(selected, s => s.Dashboard == "oneq-mesh");
        Assert.All(selected, s => Assert.True(produced.Contains(s.Job), $"{s.Dashboard} selects job=\"{s.Job}\", which no PodMonitor sets"));
    }

    /// <summary>GitHub's heading anchors: lower case, spaces to '-', punctuation other than '-' and '_' dropped.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        [.. markdown.Split('\n').Where(l => l.StartsWith('#')).Select(l => Slug(l.TrimStart('#').Trim()))];

    private static string Slug(string heading) =>
        NotSlug().Replace(heading.ToLowerInvariant(), string.Empty).Replace(' ', '-');

    /// <summary>Runs tools/promql/check.mjs (lezer-promql) over the expressions; (false, reason) when node or the package is absent.</summary>
    private static (bool Ok, string Output) Parse(IReadOnlyList<(string Name, string Expr)> expressions)
    {
        var tool = Path.Combine(Repository.Root, "tools", "promql");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "@prometheus-io", "lezer-promql")))
        {
            return (false, "tools/promql/node_modules lacks @prometheus-io/lezer-promql: run npm ci in tools/promql (scripts/test.sh does where node exists)");
        }

        var input = Path.GetTempFileName();
        File.WriteAllText(input, JsonSerializer.Serialize(expressions.Select(e => new Dictionary<string, string> { ["name"] = e.Name, ["expr"] = e.Expr })));
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(tool, "check.mjs"), input])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = tool,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return (false, "node could not be started");
            }

            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, $"node not found: {e.Message}");
        }
        finally
        {
            File.Delete(input);
        }
    }

    [GeneratedRegex("secure: (v1:[A-Za-z0-9+/=]+)")]
    private static partial Regex SecureValue();

    [GeneratedRegex("[^a-z0-9 _-]")]
    private static partial Regex NotSlug();
}
