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
    private static readonly string[] SubchartPassThrough = ["grafana.service.type"];

    private static readonly string[] ValuesFiles = ["values.yaml", "values-ha.yaml"];

    [SkippableTheory]
    [InlineData("dev", false)]
    [InlineData("prod", false)]
    [InlineData("dev", true)]
    [InlineData("prod", true)]
    public void Every_values_key_exists_in_the_charts_defaults(string stack, bool withIngress)
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange: with an ingress, the AWS Load Balancer Controller's release too (issue 12).
        var plan = withIngress ? IngressStacks.Plan(Repository.Stack(stack)) : PlatformPlanner.Build(Repository.Validated(stack));
        var releases = plan.Mesh.Releases.Select(r => (r.Chart, Values: plan.Mesh.Values[r.Name]))
            .Append((plan.Monitoring.Release.Chart, plan.Monitoring.Values))
            .Concat(plan.Addons.Releases.Select(r => (r.Chart, r.Values)));

        // Act
        var unknown = releases
            .SelectMany(r => r.Values.LeafPaths()
                .Select(p => string.Join('.', p))
                .Where(path => !SubchartPassThrough.Any(e => path == e || path.StartsWith(e + ".", StringComparison.Ordinal)))
                .Where(path => !Defaults(r.Chart).Any(d => Exists(d, path.Split('.'))))
                .Select(path => $"{r.Chart.Name}: {path}"))
            .ToList();

        // Assert
        Assert.Empty(unknown);
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
