using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using Pulumi;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.Monitoring;

/// <summary>The monitoring component: generated Grafana admin credentials, CRDs before the chart, the pinned release.</summary>
public sealed class MonitoringTests
{
    private const string Secret = "kubernetes:core/v1:Secret";
    private const string RandomPassword = "random:index/randomPassword:RandomPassword";

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Grafana_admin_password_is_generated_and_secret(string stack)
    {
        // Guardrail #32: Grafana admin credentials from a Secret, never the chart default.
        // Arrange
        var run = await InClusterLayers.RunAsync(stack);
        var plan = run.Plan.Monitoring;

        // Act
        var password = run.Named(RandomPassword, "monitoring-grafana-admin-password");
        var secret = run.Named(Secret, "monitoring-grafana-admin");

        // Assert: long, with special characters, written into the Secret the chart's values point at.
        Assert.True(Convert.ToInt32(password.Input("length"), CultureInfo.InvariantCulture) >= 32);
        Assert.True((bool)password.Input("special"));
        Assert.Equal(plan.GrafanaAdminSecretName, secret.At("metadata.name"));
        Assert.Equal(plan.Namespace, secret.At("metadata.namespace"));
        Assert.Equal("admin", secret.At($"stringData.{plan.GrafanaAdminUserKey}"));
        Assert.Equal(RegistrationTimeline.Password(password.Name), secret.At($"stringData.{plan.GrafanaAdminPasswordKey}"));
        var admin = (HelmValues)((HelmValues)plan.Values["grafana"]!)["admin"]!;
        Assert.Equal(
            (plan.GrafanaAdminSecretName, plan.GrafanaAdminUserKey, plan.GrafanaAdminPasswordKey),
            ((string)admin["existingSecret"]!, (string)admin["userKey"]!, (string)admin["passwordKey"]!));

        // The mock monitor strips secret markers from recorded inputs (3.112.1), so secrecy is read from the Output
        // the component writes into the Secret's stringData and exports.
        Assert.True(await Output.IsSecretAsync(run.Monitoring.GrafanaAdminPassword));
        Assert.Equal(RegistrationTimeline.Password(password.Name), await OutputUtilities.GetValueAsync(run.Monitoring.GrafanaAdminPassword));
        Assert.False(await Output.IsSecretAsync(run.Monitoring.GrafanaAdminSecretName), "the Secret's name is not sensitive");
        Assert.Equal(plan.GrafanaAdminSecretName, await OutputUtilities.GetValueAsync(run.Monitoring.GrafanaAdminSecretName));
    }

    [Fact]
    public async Task Prometheus_operator_crds_are_applied_before_the_chart_which_skips_them()
    {
        // Arrange
        var run = await InClusterLayers.RunAsync("prod");
        var plan = run.Plan.Monitoring;

        // Act
        var crds = run.Named(LayersRun.ConfigGroup, "monitoring-prometheus-operator-crds");
        var manifests = run.Named(LayersRun.ConfigGroup, "monitoring-manifests");
        var secret = run.Named(Secret, "monitoring-grafana-admin");
        var release = run.Named(LayersRun.Release, $"monitoring-{plan.Release.Name}");

        // Assert: CRDs (server-side, by the provider) → namespace, its NetworkPolicies and the PodMonitor → admin Secret → chart without CRDs.
        Assert.Equal(plan.CrdUrls, Inputs.List(crds.Input("files")));
        Assert.Equal(plan.Manifests.Yaml, manifests.Input("yaml"));
        Assert.True((bool)release.Input("skipCrds"));
        run.Timeline.AssertAfter(crds, manifests);
        run.Timeline.AssertAfter(manifests, secret);
        run.Timeline.AssertAfter(secret, release);
    }

    [Fact]
    public async Task Monitoring_release_installs_the_pinned_chart_with_exactly_the_rendered_values_file()
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync("dev");

        // Assert
        var release = Assert.Single(run.ChildrenOf("oneq:infra:Monitoring"), r => r.Type == LayersRun.Release);
        ReleaseAssert.MatchesPlan(run.Plan.Monitoring.Release, release);
        Assert.False(release.Inputs.ContainsKey("values"), "the rendered values file is the only source of values");
    }

    [Fact]
    public async Task Monitoring_starts_only_after_the_mesh_is_installed_and_outputs_where_grafana_is()
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync("dev");

        // Assert
        var lastMeshRelease = run.Named(LayersRun.Release, $"mesh-{run.Plan.Mesh.Releases[^1].Name}");
        Assert.All(run.ChildrenOf("oneq:infra:Monitoring"), child => run.Timeline.AssertAfter(lastMeshRelease, child));
        Assert.Equal($"{run.Plan.Monitoring.Release.Name}-grafana", await OutputUtilities.GetValueAsync(run.Monitoring.GrafanaServiceName));
        Assert.Equal(run.Plan.Monitoring.Namespace, await OutputUtilities.GetValueAsync(run.Monitoring.GrafanaNamespace));
    }

    [Fact]
    public async Task Receiver_secrets_become_a_kubernetes_secret_that_stays_a_pulumi_secret()
    {
        // Arrange
        var run = await InClusterLayers.RunAsync("prod");
        var plan = run.Plan.Monitoring;

        // Act
        var secret = run.Named(Secret, "monitoring-alert-receivers");
        var release = run.Named(LayersRun.Release, $"monitoring-{plan.Release.Name}");

        // Assert: the Secret the chart mounts, one key per receiver, created before the release that mounts it.
        Assert.Equal(plan.ReceiverSecretName, secret.At("metadata.name"));
        Assert.Equal(plan.Namespace, secret.At("metadata.namespace"));
        Assert.Equal(InClusterLayers.ReceiverSecret("oncall"), secret.At("stringData.oncall"));
        Assert.Equal(InClusterLayers.ReceiverSecret("platform-chat"), secret.At("stringData.platform-chat"));
        run.Timeline.AssertAfter(secret, release);
        Assert.NotNull(run.Monitoring.ReceiverSecretData);
        Assert.True(await Output.IsSecretAsync(run.Monitoring.ReceiverSecretData!));
    }

    [Fact]
    public async Task A_stack_that_routes_to_the_null_receiver_creates_no_receiver_secret()
    {
        var run = await InClusterLayers.RunAsync("dev");

        Assert.DoesNotContain(run.Resources, r => r.Type == Secret && r.Name == "monitoring-alert-receivers");
        Assert.Null(run.Monitoring.ReceiverSecretData);
    }

    [Fact]
    public async Task Rules_and_dashboards_are_applied_from_the_rendered_files_after_the_chart()
    {
        // Arrange
        var run = await InClusterLayers.RunAsync("prod");
        var plan = run.Plan.Monitoring;
        var release = run.Named(LayersRun.Release, $"monitoring-{plan.Release.Name}");

        // Act
        var rules = run.Named(LayersRun.ConfigGroup, "monitoring-rules");
        var dashboards = run.Named(LayersRun.ConfigGroup, "monitoring-dashboards");
        var anchor = run.Named(LayersRun.ConfigGroup, "monitoring-trust-anchor-rule");

        // Assert
        Assert.Equal(plan.Rules.Yaml, rules.Input("yaml"));
        Assert.Equal(plan.Dashboards.Yaml, dashboards.Input("yaml"));
        Assert.Equal(plan.TrustAnchorRuleYaml(DateTimeOffset.Parse(FakeCloud.AnchorValidityEnd, CultureInfo.InvariantCulture)), anchor.Input("yaml"));
        Assert.All(new[] { rules, dashboards }, r => run.Timeline.AssertAfter(release, r));
        run.Timeline.AssertAfter(rules, anchor);
    }

    [Fact]
    public async Task The_program_reads_the_receiver_secrets_from_secret_config_into_the_secret()
    {
        // Arrange: the committed prod stack, whose monitoringSecrets members the CLI hands over decrypted.
        var config = StackConfig.Committed("prod");
        var ciphertext = (string)config.Values["oneq-order-infra:monitoringSecrets"]!["oncall"]!["secure"]!;

        // Act
        var result = await MockDeployment.RunAsync(config);

        // Assert: the Secret holds the decrypted value of that member, and the key is one the CLI marks secret.
        var secret = Assert.Single(result.Resources, r => r.Type == Secret && r.Name == "monitoring-alert-receivers");
        Assert.Equal(StackConfig.DecryptedPrefix + ciphertext, secret.At("stringData.oncall"));
        Assert.Contains("oneq-order-infra:monitoringSecrets", config.SecretKeysJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_without_its_secret_fails_the_deployment_naming_the_key()
    {
        // Arrange: the prod stack with the platform-chat member removed.
        var config = StackConfig.Committed("prod");
        var secrets = config.Values["oneq-order-infra:monitoringSecrets"]!.DeepClone().AsObject();
        secrets.Remove("platform-chat");

        // Act
        var error = await Record.ExceptionAsync(() => MockDeployment.RunAsync(config.With("oneq-order-infra:monitoringSecrets", secrets)));

        // Assert: the offline plan refuses it; a deployment that still gets here stops before Alertmanager mounts an empty file.
        Assert.NotNull(error);
        Assert.Contains("monitoringSecrets", error!.ToString(), StringComparison.Ordinal);
        Assert.Contains("platform-chat", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiver_secrets_set_in_plain_text_fail_the_program_before_any_resource_without_echoing_them()
    {
        // Arrange: the prod stack's receiver secrets written as plain values, so the CLI lists no secret key for them.
        var config = StackConfig.Committed("prod");
        var plain = new JsonObject
        {
            ["oncall"] = "pagerduty-routing-key-in-plain-text",
            ["platform-chat"] = "https://hooks.example/in-plain-text",
        };

        // Act
        var error = await Record.ExceptionAsync(() => MockDeployment.RunAsync(config.With("oneq-order-infra:monitoringSecrets", plain)));

        // Assert
        Assert.NotNull(error);
        Assert.Contains("oneq-order-infra:monitoringSecrets: got \"(plain text)\"; expected Pulumi secrets", error!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("in-plain-text", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_component_refuses_receiver_secrets_that_lack_a_receiver_the_plan_routes_to()
    {
        // Arrange: the component on its own (the program's validation would stop earlier), given the secret of one
        // of prod's two receivers only.
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var first = plan.Monitoring.Receivers.First(r => r.SecretFile is not null).Name;
        var partial = Output.CreateSecret(ImmutableDictionary<string, string>.Empty.Add(first, InClusterLayers.ReceiverSecret(first)));

        // Act
        var error = await Record.ExceptionAsync(() => InClusterLayers.RunAsync(plan, partial));

        // Assert: the deployment fails naming the receiver left without its secret, rather than mounting an empty file.
        Assert.NotNull(error);
        var missing = plan.Monitoring.Receivers.Where(r => r.SecretFile is not null && r.Name != first).Select(r => r.Name);
        Assert.All(missing, name => Assert.Contains($"no secret for receiver(s) {name}", error!.ToString(), StringComparison.Ordinal));
    }
}
