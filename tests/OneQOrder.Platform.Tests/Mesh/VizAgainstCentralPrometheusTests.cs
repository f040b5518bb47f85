using System.Net;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using YamlDotNet.RepresentationModel;
using k8s.Models;

namespace OneQOrder.Platform.Tests.Mesh;

/// <summary>
/// linkerd-viz complete against the central Prometheus (issue 10, item 5): tap reaches the proxies, the viz namespace
/// names the external Prometheus as the chart's own template would, viz's proxies admit the unmeshed Prometheus, and
/// the PodMonitors produce the job labels Linkerd's dashboards query.
/// </summary>
public sealed class VizAgainstCentralPrometheusTests
{
    private static PlatformPlan Plan(string stack) => PlatformPlanner.Build(Repository.Validated(stack));

    private static List<object> Thaw(IEnumerable<FrozenManifest> objects) => [.. objects.Select(o => o.Thaw())];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Tap_reaches_every_service_proxy_from_linkerd_viz_only(string stack)
    {
        // Arrange
        var plan = Plan(stack);
        var policies = plan.ServiceNamespaceObjects.SelectMany(n => Thaw(n.Objects)).OfType<V1NetworkPolicy>().ToList();
        var net = new NetworkPolicyEvaluator(policies);
        var address = IPAddress.Parse("10.0.0.9");

        // Act + Assert: from linkerd-viz, on the tap port only; from elsewhere, not at all.
        foreach (var tenant in plan.Tenants.Tenants)
        {
            var pod = PodRef.InNamespace(tenant.Namespace, address);
            Assert.True(net.Allows(PodRef.InNamespace(PlatformNamespaces.LinkerdViz, address), pod, PlatformPorts.ProxyTap, "TCP"), tenant.Name);
            Assert.False(net.Allows(PodRef.InNamespace(PlatformNamespaces.Monitoring, address), pod, PlatformPorts.ProxyTap, "TCP"), tenant.Name);
            Assert.False(net.Allows(PodRef.InNamespace(PlatformNamespaces.LinkerdViz, address), pod, tenant.Port, "TCP"), tenant.Name);
            Assert.All(plan.Tenants.Tenants.Where(t => t != tenant), caller =>
                Assert.False(net.Allows(PodRef.InNamespace(caller.Namespace, address), pod, PlatformPorts.ProxyTap, "TCP"), $"{caller.Name} -> {tenant.Name}"));
        }
    }

    [SkippableFact]
    public void The_tap_port_is_the_charts_proxy_control_port()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Shared, "charts", $"linkerd-control-plane-{ChartCatalogue.LinkerdVersion}", "values.yaml"))));
        var proxy = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["proxy"];
        var control = ((YamlScalarNode)((YamlMappingNode)proxy["ports"])["control"]).Value;

        Assert.Equal(PlatformPorts.ProxyTap.ToString(System.Globalization.CultureInfo.InvariantCulture), control);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_viz_namespace_names_the_prometheus_viz_reads(string stack)
    {
        // Arrange
        var plan = Plan(stack);

        // Act
        var viz = Assert.Single(Thaw(plan.Mesh.NamespaceObjects).OfType<V1Namespace>(), n => n.Metadata.Name == PlatformNamespaces.LinkerdViz);

        // Assert: the annotation viz's templates/namespace.yaml sets from prometheusUrl, with the release's own value.
        Assert.Equal("viz.linkerd.io/external-prometheus", MeshPlanner.ExternalPrometheusAnnotation);
        var url = (string?)plan.Mesh.Release(ChartCatalogue.LinkerdViz.Name).Values["prometheusUrl"];
        Assert.Equal(plan.Monitoring.PrometheusUrl, url);
        Assert.Equal(url, viz.Metadata.Annotations[MeshPlanner.ExternalPrometheusAnnotation]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Viz_proxies_admit_the_unmeshed_prometheus_on_the_admin_port(string stack)
    {
        // Arrange
        var plan = Plan(stack);

        // Act
        var objects = Thaw(plan.Mesh.VizPolicyObjects);

        // Assert: a Server on linkerd-admin in linkerd-viz, authorized for the pod networks Prometheus scrapes from.
        Assert.All(objects, o => Assert.Equal(PlatformNamespaces.LinkerdViz, ManifestObjects.Metadata(o).NamespaceProperty));
        var server = Assert.Single(objects.OfType<LinkerdServer>());
        Assert.Equal(PlatformPorts.ProxyAdminName, server.Spec.Port?.Value);
        var authorization = Assert.Single(objects.OfType<AuthorizationPolicy>());
        Assert.Equal(server.Metadata.Name, authorization.Spec.TargetRef.Name);
        var networks = Assert.Single(objects.OfType<NetworkAuthentication>()).Spec.Networks.Select(n => n.Cidr);
        Assert.Equal(PodNetworks.Of(plan.Network), networks);
        Assert.Contains(LayerOutput.Files(plan), f => f.FileName == "mesh/viz-policy.yaml");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Pod_monitors_produce_the_job_labels_linkerds_dashboards_query(string stack)
    {
        // Arrange
        var plan = Plan(stack);
        var monitors = Thaw(plan.Monitoring.ManifestObjects).OfType<PodMonitor>().ToDictionary(m => m.Metadata.Name);
        static string? Job(PodMonitor m) => m.Spec.PodMetricsEndpoints.Single().Relabelings.LastOrDefault(r => r.TargetLabel == "job")?.Replacement;

        // Act
        var proxy = monitors[MonitoringPlanner.ProxyJob];
        var controller = monitors[MonitoringPlanner.ControllerJob];

        // Assert: the jobs of Linkerd's external-Prometheus scrape config, which the dashboards query.
        Assert.Equal("linkerd-proxy", Job(proxy));
        Assert.Equal("linkerd-controller", Job(controller));
        Assert.Equal([PlatformNamespaces.Linkerd, PlatformNamespaces.LinkerdViz], controller.Spec.NamespaceSelector.MatchNames);
        var keep = controller.Spec.PodMetricsEndpoints.Single().Relabelings[0];
        Assert.Equal(("keep", ".*-admin$"), (keep.Action, keep.Regex));
        Assert.Equal(["__meta_kubernetes_pod_container_port_name"], keep.SourceLabels!);

        // The chart's own PodMonitors, whose job would be "linkerd/<name>", stay off.
        var podMonitor = (HelmValues)plan.Mesh.Release(ChartCatalogue.LinkerdControlPlane.Name).Values["podMonitor"]!;
        Assert.Equal(false, ((HelmValues)podMonitor["controller"]!)["enabled"]);
        Assert.Equal(false, ((HelmValues)podMonitor["proxy"]!)["enabled"]);
    }
}
