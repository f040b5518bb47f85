using System.Net;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using YamlDotNet.RepresentationModel;
using k8s.Models;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Strict inbound in production (issue 10, item 4), evaluated on the rendered Linkerd policy of the service namespaces:
/// a declared caller reaches the service port and nothing else, Prometheus reaches only the admin port, and the
/// kubelet's probes stay authorized.
/// </summary>
public sealed class InboundPolicyTests
{
    private static readonly Dictionary<string, string> AnyPod = [];

    private static (LinkerdInboundEvaluator Evaluator, List<object> Objects) Card(PlatformPlan plan)
    {
        var card = plan.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "card");
        var objects = card.Objects.Select(o => o.Thaw()).ToList();
        var policy = objects.OfType<V1Namespace>().Single().Metadata.Annotations["config.linkerd.io/default-inbound-policy"];
        return (new LinkerdInboundEvaluator(policy, objects), objects);
    }

    private static InboundClient Meshed(PlatformPlan plan, string service) =>
        new(plan.Tenants.Tenants.Single(t => t.Name == service).MeshIdentity, IPAddress.Parse("10.0.64.5"));

    [Fact]
    public void Production_namespaces_default_to_deny()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var policies = plan.ServiceNamespaceObjects
            .Select(n => n.Objects.Select(o => o.Thaw()).OfType<V1Namespace>().Single().Metadata.Annotations["config.linkerd.io/default-inbound-policy"]);

        Assert.All(policies, p => Assert.Equal("deny", p));
    }

    [Fact]
    public void A_declared_caller_reaches_the_service_port_and_is_refused_on_an_undeclared_port()
    {
        // Arrange: pg may call card (DESIGN.md); card serves 8080 and the proxy admin port.
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var (card, _) = Card(plan);
        var pg = Meshed(plan, "pg");

        // Act + Assert
        Assert.True(card.Allows(pg, new InboundPort(8080), AnyPod));
        Assert.False(card.Allows(pg, new InboundPort(9999), AnyPod));
        Assert.False(card.Allows(pg, new InboundPort(8081, "debug"), AnyPod));
        Assert.False(card.Allows(pg, new InboundPort(PlatformPorts.ProxyAdmin, PlatformPorts.ProxyAdminName), AnyPod));
        Assert.False(card.Allows(Meshed(plan, "oneq-order"), new InboundPort(8080), AnyPod));
    }

    [Fact]
    public void Under_all_authenticated_the_same_caller_would_reach_the_undeclared_port()
    {
        // Arrange: what production refuses, evaluated on the same objects.
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var (_, objects) = Card(plan);
        var relaxed = new LinkerdInboundEvaluator("all-authenticated", objects);

        // Act + Assert: the difference deny makes.
        Assert.True(relaxed.Allows(Meshed(plan, "pg"), new InboundPort(9999), AnyPod));
        Assert.False(relaxed.Allows(new InboundClient(null, IPAddress.Parse("10.0.64.5")), new InboundPort(9999), AnyPod));
    }

    [Fact]
    public void The_unmeshed_prometheus_reaches_only_the_admin_port()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var (card, _) = Card(plan);
        var podNetwork = IPNetwork.Parse(PodNetworks.Of(plan.Network)[0]);
        var address = podNetwork.BaseAddress.GetAddressBytes();
        address[^1] = 9;
        var prometheus = new InboundClient(null, new IPAddress(address)); // a pod address, as Prometheus's is

        Assert.True(card.Allows(prometheus, new InboundPort(PlatformPorts.ProxyAdmin, PlatformPorts.ProxyAdminName), AnyPod));
        Assert.False(card.Allows(prometheus, new InboundPort(8080), AnyPod));
        Assert.False(card.Allows(new InboundClient(null, IPAddress.Parse("203.0.113.7")), new InboundPort(PlatformPorts.ProxyAdmin, PlatformPorts.ProxyAdminName), AnyPod));
    }

    /// <summary>
    /// Linkerd's policy controller authorizes a pod's HTTP probe paths (GET, exact path) from
    /// <c>policyController.probeNetworks</c> on every port whose Server has no HTTPRoute, whatever the default policy
    /// (linkerd2 edge-26.8.3 policy-controller/k8s/index/src/inbound/index.rs <c>default_inbound_http_routes</c>,
    /// test <c>routes_created_for_probes</c>). So probes keep working under deny while: no HTTPRoute is rendered, the
    /// platform leaves probeNetworks alone, and the chart's default covers every address (the kubelet probes from the node).
    /// </summary>
    [SkippableFact]
    public void Kubelet_probes_stay_authorized_under_deny()
    {
        Skip.IfNot(Repository.HasShared("charts"), Repository.SkipReason("charts"));

        // Arrange
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var rendered = RenderedDocuments.Parse(LayerOutput.Files(plan).Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))).ToList();
        var controlPlane = plan.Mesh.Release(ChartCatalogue.LinkerdControlPlane.Name).Values;
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repository.Shared, "charts", $"linkerd-control-plane-{ChartCatalogue.LinkerdVersion}", "values.yaml"))));
        var policyController = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["policyController"];

        // Act
        var defaults = ((YamlSequenceNode)policyController["probeNetworks"]).Select(n => ((YamlScalarNode)n).Value).ToList();

        // Assert
        // A route attached to a Linkerd Server or a Service would replace the probe authorization; the edge's
        // HTTPRoutes attach to the Gateway (no parentRef kind: Gateway is the default) and leave the Servers alone.
        Assert.DoesNotContain(rendered, d => (string?)d["kind"] is "HTTPRoute" or "GRPCRoute"
            && d["spec"]!["parentRefs"]!.AsArray().Any(p => (string?)p!["kind"] is not (null or "Gateway")));
        Assert.False(controlPlane.TryGetValue("policyController", out var overridden) && overridden is HelmValues p && p.ContainsKey("probeNetworks"));
        Assert.Equal(["0.0.0.0/0", "::/0"], defaults);
        Assert.Equal(OneQOrder.Platform.Guardrails.GuardrailStatus.Pass, plan.Guardrails["MESH-03"].Status);
    }
}
