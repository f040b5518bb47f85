using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Tests.Mesh;

/// <summary>
/// Every Helm values key the project sets exists in the default values of the chart version it targets
/// (../shared/charts/&lt;chart&gt;-&lt;version&gt;/values.yaml), so a typo or a key renamed upstream fails here instead of
/// being silently ignored by Helm. Keys under a default that is an empty map (<c>storageSpec: {}</c>) are free-form
/// and accepted. The ports the monitoring NetworkPolicies open are checked against the same defaults.
/// </summary>
public sealed class ChartValuesKeysTests
{
    /// <summary>
    /// Justified exceptions: kube-prometheus-stack passes <c>grafana.*</c> to its grafana subchart (grafana/grafana),
    /// whose own values define <c>service.type</c>; the parent's
    /// values.yaml lists only the subchart keys it overrides.
    /// </summary>
    /// <para>
    /// gateway-helm's <c>config.envoyGateway</c> is the EnvoyGateway configuration object itself: templates/envoy-gateway-config.yaml
    /// merges it over the chart's defaults into the controller's ConfigMap, so its keys are the EnvoyGateway API's
    /// (gateway.envoyproxy.io/docs/api/extension_types, <c>provider.kubernetes.deploy.type</c> in envoyproxy/gateway v1.9.0
    /// api/v1alpha1/envoygateway_types.go), not values.yaml's. The edge sets only that one field there.
    /// </para>
    private static readonly string[] SubchartPassThrough = ["grafana.service.type", "config.envoyGateway.provider.kubernetes.deploy.type"];

    private static readonly string[] ValuesFiles = ["values.yaml", "values-ha.yaml"];

    [SkippableTheory]
    [InlineData("dev", false)]
    [InlineData("prod", false)]
    [InlineData("dev", true)]
    [InlineData("prod", true)]
    public void Every_values_key_exists_in_the_charts_defaults(string stack, bool withIngress)
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange
        var plan = PlatformPlanner.Build(withIngress ? EdgeStacks.Validated(stack) : Repository.Validated(stack));
        var releases = plan.Mesh.Releases.Select(r => (r.Chart, Values: plan.Mesh.Values[r.Name]))
            .Append((plan.Monitoring.Release.Chart, plan.Monitoring.Values))
            .Concat(plan.Addons.Releases.Select(r => (r.Chart, r.Values)))
            .Concat((plan.Edge?.Releases ?? []).Select(r => (r.Chart, r.Values)))
            .ToList();

        // Act
        var unknown = Unknown(releases);

        // Assert
        Assert.True(!withIngress || plan.Edge!.Releases.Count == 3, "the edge's three releases are checked");
        Assert.Empty(unknown);
    }

    [SkippableFact]
    public void An_edge_key_neither_the_values_nor_the_values_schema_define_is_reported()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        var unknown = Unknown(
        [
            (ChartCatalogue.CertManager, HelmValues.Empty.With("serviceAccount", HelmValues.Empty.With("name", "x").With("annotationz", "y"))),
            (ChartCatalogue.EnvoyGateway, HelmValues.Empty.With("deployment", HelmValues.Empty.With("replicaz", 2))),
        ]);

        Assert.Equal(["cert-manager: serviceAccount.annotationz", "gateway-helm: deployment.replicaz"], unknown);
    }

    private static List<string> Unknown(IEnumerable<(HelmChart Chart, HelmValues Values)> releases) => [.. releases
        .SelectMany(r => r.Values.LeafPaths()
            .Select(p => string.Join('.', p))
            .Where(path => !SubchartPassThrough.Any(e => path == e || path.StartsWith(e + ".", StringComparison.Ordinal)))
            .Where(path => !Defaults(r.Chart).Any(d => Exists(d, path.Split('.'))) && !InValuesSchema(r.Chart, path.Split('.')))
            .Select(path => $"{r.Chart.Name}: {path}"))];

    /// <summary>
    /// True when the chart's values.schema.json defines the key path: cert-manager documents keys such as
    /// <c>serviceAccount.name</c> only as comments in values.yaml, while its schema (and Helm's validation of values
    /// against it) defines them. <c>$ref</c>s into <c>$defs</c> are followed; an object the schema declares without
    /// properties (annotations, labels) takes any key, like an empty-map default.
    /// </summary>
    private static bool InValuesSchema(HelmChart chart, IReadOnlyList<string> path)
    {
        var file = Path.Combine(Repository.Shared, "charts", $"{chart.Name}-{chart.Version}", "values.schema.json");
        if (!File.Exists(file))
        {
            return false;
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        System.Text.Json.Nodes.JsonNode? Resolve(System.Text.Json.Nodes.JsonNode? node)
        {
            while (node?["$ref"] is { } reference && ((string)reference!).StartsWith("#/$defs/", StringComparison.Ordinal))
            {
                node = root["$defs"]![((string)reference!)["#/$defs/".Length..]];
            }

            return node;
        }

        var current = Resolve(root);
        foreach (var segment in path)
        {
            // A map without declared properties (annotations, labels) is free-form, like an empty-map default.
            if (current is not null && current["properties"] is null && (string?)current["type"] == "object")
            {
                return true;
            }

            current = Resolve(current?["properties"]?[segment]);
            if (current is null)
            {
                return false;
            }
        }

        return true;
    }

    [SkippableFact]
    public void A_key_the_chart_does_not_define_is_reported()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        var defaults = Defaults(ChartCatalogue.LinkerdControlPlane);

        Assert.DoesNotContain(defaults, d => Exists(d, ["proxy", "resourcez"]));
        Assert.Contains(defaults, d => Exists(d, ["proxy", "resources", "cpu", "limit"]));
    }

    [SkippableFact]
    public void The_monitoring_ports_the_network_policies_open_are_the_charts_defaults()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange
        var defaults = Defaults(ChartCatalogue.KubePrometheusStack)[0];

        // Act
        var webhook = Scalar(defaults, ["prometheusOperator", "tls", "internalPort"]);
        var prometheus = Scalar(defaults, ["prometheus", "service", "targetPort"]);

        // Assert
        Assert.Equal(PlatformPorts.PrometheusOperatorWebhook.ToString(System.Globalization.CultureInfo.InvariantCulture), webhook);
        Assert.Equal(PlatformPorts.Prometheus.ToString(System.Globalization.CultureInfo.InvariantCulture), prometheus);
    }

    [SkippableFact]
    public void The_edge_ports_the_network_policies_open_are_the_charts_defaults()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange
        var gateway = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Defaults(ChartCatalogue.EnvoyGateway)[0])["deployment"])["ports"];
        var ports = gateway.Children.Cast<YamlMappingNode>().ToDictionary(p => ((YamlScalarNode)p["name"]).Value!, p => ((YamlScalarNode)p["port"]).Value!);

        // Act
        var webhook = Scalar(Defaults(ChartCatalogue.CertManager)[0], ["webhook", "securePort"]);

        // Assert
        Assert.Equal(PlatformPorts.EnvoyGatewayXds.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["grpc"]);
        Assert.Equal(PlatformPorts.EnvoyGatewayMetrics.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["metrics"]);
        Assert.Equal(PlatformPorts.CertManagerWebhook.ToString(System.Globalization.CultureInfo.InvariantCulture), webhook);
    }

    private static string? Scalar(YamlNode node, IReadOnlyList<string> path) =>
        path.Aggregate<string, YamlNode?>(node, (n, segment) => n is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(segment), out var child) ? child : null)
            is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>The chart's values.yaml, plus values-ha.yaml where the chart ships one (its HA keys, e.g. <c>highAvailability</c>).</summary>
    private static IReadOnlyList<YamlNode> Defaults(HelmChart chart)
    {
        var folder = Path.Combine(Repository.Shared, "charts", $"{chart.Name}-{chart.Version}");
        return ValuesFiles
            .Select(f => Path.Combine(folder, f))
            .Where(File.Exists)
            .Select(f =>
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(File.ReadAllText(f)));
                return stream.Documents[0].RootNode;
            })
            .ToList();
    }

    private static bool Exists(YamlNode node, IReadOnlyList<string> path)
    {
        foreach (var segment in path)
        {
            if (node is not YamlMappingNode map)
            {
                return false;
            }

            if (map.Children.Count == 0)
            {
                return true; // an empty-map default is free-form
            }

            if (!map.Children.TryGetValue(new YamlScalarNode(segment), out var child))
            {
                return false;
            }

            node = child;
        }

        return true;
    }
}
