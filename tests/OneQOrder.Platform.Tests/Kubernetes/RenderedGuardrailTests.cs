using System.Text.Json.Nodes;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Namespace-level guardrails (docs/guardrails.md NS-01, NS-02, NS-03, NS-04, NS-06, MESH-01, MESH-02, MON-02) asserted on what is
/// actually rendered and applied: the files <see cref="LayerOutput.Files"/> returns are the ones the Pulumi program
/// applies and <c>plan --out</c> writes. The library tests in Guardrails/ assert the catalogue and the report; these
/// assert the objects.
/// </summary>
public sealed class RenderedGuardrailTests
{
    private static readonly string[] ServiceNamespaceNames = ["oneq-order", "pg", "appcard", "card", "bank"];

    private static readonly string[] PlatformNamespaceNames =
        [PlatformNamespaces.Linkerd, PlatformNamespaces.LinkerdCni, PlatformNamespaces.LinkerdViz, PlatformNamespaces.Monitoring];

    /// <summary>The edge's namespaces, rendered when the stack has an ingress (issue 12).</summary>
    private static readonly string[] EdgeNamespaceNames =
        [PlatformNamespaces.Gateway, PlatformNamespaces.EnvoyGatewaySystem, PlatformNamespaces.CertManager, PlatformNamespaces.ExternalDns];

    private static readonly string[] PodSecurityModes = ["enforce", "audit", "warn"];

    private static readonly string[] MonitoringServices = ["prometheus", "grafana", "alertmanager"];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NS_01_every_rendered_object_lives_in_a_rendered_platform_or_service_namespace(string stack)
    {
        // Arrange
        var documents = Manifests(stack);

        // Act
        var namespaces = documents.OfKind("Namespace").Select(d => (string)d["metadata"]!["name"]!).ToList();
        string[] edge = documents.OfKind("Gateway").Any() ? EdgeNamespaceNames : [];
        // Cluster-scoped kinds have no namespace: Namespace itself and the edge's GatewayClass and ClusterIssuer.
        var usedNamespaces = documents.Where(d => (string?)d["kind"] is not ("Namespace" or "GatewayClass" or "ClusterIssuer"))
            .Select(d => (string?)d["metadata"]!["namespace"]).Distinct().ToList();

        // Assert
        Assert.Equal(ServiceNamespaceNames.Concat(PlatformNamespaceNames).Concat(edge).Order(StringComparer.Ordinal), namespaces.Order(StringComparer.Ordinal));
        Assert.All(usedNamespaces, ns => Assert.Contains(ns, namespaces));
        Assert.DoesNotContain("default", usedNamespaces);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NS_02_and_MESH_01_service_namespaces_enforce_restricted_and_are_meshed_by_the_cni(string stack)
    {
        // Arrange
        var documents = Manifests(stack);

        // Act
        var services = documents.OfKind("Namespace").Where(n => ServiceNamespaceNames.Contains((string)n["metadata"]!["name"]!)).ToList();
        var controlPlane = Values(stack, $"mesh/values/{ChartCatalogue.LinkerdControlPlane.Name}.yaml");

        // Assert
        Assert.Equal(ServiceNamespaceNames.Length, services.Count);
        Assert.All(services, n =>
        {
            var labels = n["metadata"]!["labels"]!;
            Assert.All(PodSecurityModes, mode => Assert.Equal("restricted", (string?)labels[$"pod-security.kubernetes.io/{mode}"]));
            Assert.NotNull((string?)labels["pod-security.kubernetes.io/enforce-version"]);
            Assert.Equal("enabled", (string?)n["metadata"]!["annotations"]!["linkerd.io/inject"]);
        });
        Assert.True((bool)controlPlane["cniEnabled"]!);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NS_03_each_service_namespace_has_a_default_and_a_service_account_and_neither_automounts_a_token(string stack)
    {
        // Arrange
        var accounts = Manifests(stack).OfKind("ServiceAccount").ToList();

        // Act
        var byNamespace = accounts.GroupBy(a => (string)a["metadata"]!["namespace"]!)
            .ToDictionary(g => g.Key, g => g.Select(a => (string)a["metadata"]!["name"]!).Order(StringComparer.Ordinal).ToList());

        // Assert
        Assert.Equal(ServiceNamespaceNames.Order(StringComparer.Ordinal), byNamespace.Keys.Order(StringComparer.Ordinal));
        Assert.All(ServiceNamespaceNames, ns => Assert.Equal(new[] { "default", ns }.Order(StringComparer.Ordinal), byNamespace[ns]));
        Assert.All(accounts, a => Assert.False((bool)a["automountServiceAccountToken"]!));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NS_04_the_layer_grants_no_rbac(string stack)
    {
        // The platform's own objects grant nothing: RBAC comes only from the pinned charts (Linkerd, kube-prometheus-stack).
        var kinds = Manifests(stack).Select(d => (string)d["kind"]!).Distinct().ToList();

        Assert.NotEmpty(kinds);
        Assert.DoesNotContain(kinds, k => k is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void NS_06_no_rendered_object_or_values_file_reads_a_secret_into_the_environment(string stack)
    {
        // Arrange
        var files = LayerOutput.Files(PlatformPlanner.Build(Repository.Validated(stack)));

        // Act
        var offending = files.Where(f => f.Yaml.Contains("secretKeyRef", StringComparison.Ordinal) || f.Yaml.Contains("secretRef", StringComparison.Ordinal))
            .Select(f => f.FileName).ToList();

        // Assert
        Assert.Empty(offending);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void MON_02_prometheus_grafana_and_alertmanager_services_are_cluster_ip(string stack)
    {
        // Arrange
        var values = Values(stack, "monitoring/values/kube-prometheus-stack.yaml");

        // Act
        var types = MonitoringServices.ToDictionary(c => c, c => (string?)values[c]?["service"]?["type"]);

        // Assert
        Assert.All(types, t => Assert.Equal("ClusterIP", t.Value));
    }

    [SkippableFact]
    public void MESH_02_production_linkerd_values_carry_every_ha_setting_of_the_charts_values_ha_and_dev_none()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange: the chart's HA overlay without its resource figures (the stack's proxy settings size those).
        var chart = ChartCatalogue.LinkerdControlPlane;
        var overlay = new YamlStream();
        overlay.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Shared, "charts", $"{chart.Name}-{chart.Version}", "values-ha.yaml"))));
        var ha = ((JsonObject)RenderedDocuments.ToJson(overlay.Documents[0].RootNode)!)
            .Where(e => e.Key != "proxy" && !e.Key.EndsWith("Resources", StringComparison.Ordinal))
            .ToList();

        // Act
        var prod = Values("prod", $"mesh/values/{chart.Name}.yaml");
        var dev = Values("dev", $"mesh/values/{chart.Name}.yaml");

        // Assert
        Assert.NotEmpty(ha);
        Assert.All(ha, e => Assert.True(JsonNode.DeepEquals(e.Value, prod[e.Key]), $"prod {e.Key}: {prod[e.Key]?.ToJsonString()} instead of {e.Value?.ToJsonString()}"));
        Assert.All(ha, e => Assert.Null(dev[e.Key]));
    }

    private static List<JsonObject> Manifests(string stack) =>
        RenderedDocuments.Parse(LayerOutput.Files(PlatformPlanner.Build(Repository.Validated(stack)))
            .Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))).ToList();

    private static JsonObject Values(string stack, string fileName) =>
        RenderedDocuments.Parse(LayerOutput.Files(PlatformPlanner.Build(Repository.Validated(stack))).Single(f => f.FileName == fileName).Yaml).Single();
}
