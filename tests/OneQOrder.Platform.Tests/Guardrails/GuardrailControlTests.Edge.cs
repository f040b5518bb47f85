using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Tests.Support;
using k8s.Models;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>
/// The edge controls (MESH-07, EDGE-01..03): each passes on a stack with the public entry, does not apply to one
/// without it (checked: an exposing object rendered there fails it), and fails once its evidence in the rendered
/// Gateway, routes, traffic policy or the public services' policies is broken.
/// </summary>
public sealed partial class GuardrailControlTests
{
    /// <summary>The default services with none public: the stack renders no edge.</summary>
    private const string NoPublicService = """
        oneq-order-infra:services:
          - { name: oneq-order }
          - { name: pg }
          - { name: appcard }
          - { name: card }
          - { name: bank }

        """;

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MESH_07_external_tls_terminates_on_every_listener_of_the_edge_and_does_not_apply_without_one(string cloud)
    {
        var control = AssertControl("MESH-07", 31, GuardrailLayer.Mesh, relaxableInTest: false);
        Assert.Equal([Cloud(cloud)], control.Clouds.Where(c => c == Cloud(cloud)));
        Assert.NotNull(control.NotApplicableWithoutEdge);

        // Without an edge: not applicable, and a load balancer, ingress or gateway rendered there fails it.
        var bare = Plan(cloud, NoPublicService);
        Assert.Null(bare.Edge);
        Assert.Equal((GuardrailStatus.NotApplicable, control.NotApplicableWithoutEdge), (bare.Guardrails["MESH-07"].Status, bare.Guardrails["MESH-07"].Detail));
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "oneq-order", NamespaceProperty = "oneq-order" },
            Spec = new V1ServiceSpec { Type = "LoadBalancer", Ports = [new V1ServicePort { Port = 443 }] },
        };
        var ingress = new V1Ingress { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "oneq-order" }, Spec = new V1IngressSpec() };
        var withService = Evaluate(bare, WithServiceObjects(bare, "oneq-order", o => o.Append(service)))["MESH-07"];
        var withIngress = Evaluate(bare, WithServiceObjects(bare, "oneq-order", o => o.Append(ingress)))["MESH-07"];
        var withGateway = Evaluate(bare, WithServiceObjects(bare, "oneq-order", o => o.Append(Plan(cloud).Edge!.GatewayObjects.Single(g => g.Type == typeof(Gateway)).Thaw())))["MESH-07"];
        Assert.Equal((GuardrailStatus.Fail, "Service oneq-order/oneq-order opens an edge: the control applies and nothing here terminates TLS on it"), (withService.Status, withService.Detail));
        Assert.Equal((GuardrailStatus.Fail, "Ingress oneq-order/web opens an edge: the control applies and nothing here terminates TLS on it"), (withIngress.Status, withIngress.Detail));
        Assert.Equal((GuardrailStatus.Fail, "Gateway gateway/public opens an edge: the control applies and nothing here terminates TLS on it"), (withGateway.Status, withGateway.Detail));

        // With the edge: every HTTPS listener terminates TLS with its hostname's certificate; plain HTTP only redirects.
        Assert.StartsWith("2 HTTPS listener(s) terminate TLS with the Secret of a Certificate for their hostname (oneq-order.oneq.example, appcard.oneq.example)",
            AssertPasses("MESH-07", cloud), StringComparison.Ordinal);
        AssertBreaks("MESH-07", cloud, p => ChangeEdgeObject<Gateway>(p, g => g with
            {
                Spec = g.Spec with { Listeners = [.. g.Spec.Listeners.Select(l => l.Protocol == "HTTPS" && l.Hostname!.StartsWith("appcard", StringComparison.Ordinal) ? l with { Tls = null } : l)] },
            }),
            "listener gateway/public https-appcard-0 (HTTPS 443) does not terminate TLS (tls.mode unset)");
        AssertBreaks("MESH-07", cloud, p => ChangeEdgeObject<Gateway>(p, g => g with
            {
                Spec = g.Spec with { Listeners = [.. g.Spec.Listeners.Select(l => l.Name == "https-oneq-order-0" ? l with { Tls = l.Tls! with { CertificateRefs = [new SecretObjectReference("https-appcard-0-tls")] } } : l)] },
            }),
            "listener gateway/public https-oneq-order-0 (HTTPS 443) serves oneq-order.oneq.example with Secret https-appcard-0-tls, whose Certificate names [appcard.oneq.example]");
        AssertBreaks("MESH-07", cloud, p => ChangeEdgeObject<Certificate>(p, c => c.Spec.SecretName == "https-oneq-order-0-tls" ? c with { Spec = c.Spec with { SecretName = "other" } } : c),
            "terminates TLS with Secret https-oneq-order-0-tls, which no Certificate in gateway writes");
        AssertBreaks("MESH-07", cloud, p => ChangeEdgeObject<HttpRoute>(p, r => r.Metadata.Name == "https-redirect"
                ? r with { Spec = r.Spec with { Rules = [new HttpRouteRule([new HttpBackendRef("oneq-order", 8080)], null)] } }
                : r),
            "listener gateway/public http (HTTP 80) serves HTTPRoute gateway/https-redirect in plain text");
        AssertBreaks("MESH-07", cloud, p => WithServiceObjects(p, "card", o => o.Append(service)),
            "Service oneq-order/oneq-order");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void EDGE_01_every_https_listener_takes_tls_1_2_at_least_from_the_policy_that_targets_the_gateway(string cloud)
    {
        var control = AssertControl("EDGE-01", 36, GuardrailLayer.Edge, relaxableInTest: false);
        Assert.Equal((GuardrailStatus.NotApplicable, control.NotApplicableWithoutEdge), (Plan(cloud, NoPublicService).Guardrails["EDGE-01"].Status, Plan(cloud, NoPublicService).Guardrails["EDGE-01"].Detail));

        Assert.Equal("ClientTrafficPolicy gateway/public on Gateway gateway/public: tls.minVersion 1.2 (2 HTTPS listeners)", AssertPasses("EDGE-01", cloud));
        AssertBreaks("EDGE-01", cloud, p => ChangeEdgeObject<ClientTrafficPolicy>(p, c => c with { Spec = c.Spec with { Tls = new ClientTlsSettings("1.1") } }),
            "ClientTrafficPolicy gateway/public sets tls.minVersion 1.1 on Gateway gateway/public, expected 1.2 or 1.3");

        // A policy that names another Gateway (or another kind) pins nothing on this one.
        AssertBreaks("EDGE-01", cloud, p => ChangeEdgeObject<ClientTrafficPolicy>(p, c => c with { Spec = c.Spec with { TargetRefs = [c.Spec.TargetRefs[0] with { Name = "private" }] } }),
            "no ClientTrafficPolicy in gateway targets Gateway gateway/public");
        AssertBreaks("EDGE-01", cloud, p => ChangeEdgeObject<ClientTrafficPolicy>(p, c => c with { Spec = c.Spec with { TargetRefs = [c.Spec.TargetRefs[0] with { Kind = "HTTPRoute" }] } }),
            "no ClientTrafficPolicy in gateway targets Gateway gateway/public");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void EDGE_02_plain_http_only_redirects_to_https_and_only_a_test_stack_may_serve_on_it(string cloud)
    {
        AssertControl("EDGE-02", 37, GuardrailLayer.Edge, relaxableInTest: true, "ingress.http");
        AssertRelaxation("EDGE-02", cloud, IngressWithHttp(cloud, "serve"), "ingress.http", "serve");
        Assert.Equal("no plain-HTTP listener rendered (ingress.http off)", AssertPasses("EDGE-02", cloud, IngressWithHttp(cloud, "off")));

        Assert.Equal("listener gateway/public http (port 80) takes 1 route(s) (gateway/https-redirect), each rule one RequestRedirect to https without backends", AssertPasses("EDGE-02", cloud));
        AssertBreaks("EDGE-02", cloud, p => ChangeEdgeObject<HttpRoute>(p, r => r.Metadata.Name == "https-redirect"
                ? r with { Spec = r.Spec with { Rules = [r.Spec.Rules[0] with { BackendRefs = [new HttpBackendRef("oneq-order", 8080)] }] } }
                : r),
            "HTTPRoute gateway/https-redirect rule 0 on plain-HTTP listener gateway/public http forwards to oneq-order:8080");
        AssertBreaks("EDGE-02", cloud, p => ChangeEdgeObject<HttpRoute>(p, r => r.Metadata.Name == "https-redirect"
                ? r with { Spec = r.Spec with { Rules = [new HttpRouteRule(null, [new HttpRouteFilter("RequestRedirect", new HttpRequestRedirectFilter("http", 301))])] } }
                : r),
            "HTTPRoute gateway/https-redirect rule 0 on plain-HTTP listener gateway/public http is not a single RequestRedirect to https");

        // A service's own route attaches to the plain-HTTP listener once that listener admits its namespace.
        AssertBreaks("EDGE-02", cloud, p => ChangeEdgeObject<HttpRoute>(
                ChangeEdgeObject<Gateway>(p, g => g with { Spec = g.Spec with { Listeners = [.. g.Spec.Listeners.Select(l => l.Protocol == "HTTP" ? l with { AllowedRoutes = new AllowedRoutes(new RouteNamespaces("All")) } : l)] } }),
                r => r.Metadata.Name == "oneq-order" ? r with { Spec = r.Spec with { ParentRefs = [.. r.Spec.ParentRefs, new ParentReference("public", "gateway", "http")] } } : r),
            "HTTPRoute oneq-order/oneq-order rule 0 on plain-HTTP listener gateway/public http forwards to oneq-order:8080");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void EDGE_03_no_public_service_is_reachable_outside_the_gateway(string cloud)
    {
        var control = AssertControl("EDGE-03", 38, GuardrailLayer.Edge, relaxableInTest: false);
        var bare = Plan(cloud, NoPublicService);
        Assert.Equal((GuardrailStatus.NotApplicable, control.NotApplicableWithoutEdge), (bare.Guardrails["EDGE-03"].Status, bare.Guardrails["EDGE-03"].Detail));
        var nodePort = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "card", NamespaceProperty = "card" },
            Spec = new V1ServiceSpec { Type = "NodePort", Ports = [new V1ServicePort { Port = 8080 }] },
        };
        Assert.Equal(GuardrailStatus.Fail, Evaluate(bare, WithServiceObjects(bare, "card", o => o.Append(nodePort)))["EDGE-03"].Status);

        Assert.Contains("HTTPRoutes to oneq-order:8080, appcard:8080 on the HTTPS listeners", AssertPasses("EDGE-03", cloud), StringComparison.Ordinal);
        AssertBreaks("EDGE-03", cloud, p => WithServiceObjects(p, "card", o => o.Append(nodePort)),
            "Service card/card exposes a port outside the gateway");
        AssertBreaks("EDGE-03", cloud, p => WithEdgeRoutes(p, routes => routes.Where(r => r is not HttpRoute { Metadata.Name: "appcard" })),
            "public service appcard has no HTTPRoute on an HTTPS listener of the gateway to appcard:8080");
        AssertBreaks("EDGE-03", cloud, p => ChangeEdgeObject<HttpRoute>(p, r => r.Metadata.Name == "oneq-order"
                ? r with { Spec = r.Spec with { Rules = [new HttpRouteRule([new HttpBackendRef("pg", 8080)], null)] } }
                : r),
            "HTTPRoute oneq-order/oneq-order exposes pg:8080, which is not a public service's Service in its namespace");
        AssertBreaks("EDGE-03", cloud, p => ChangeEdgeObject<EnvoyProxy>(p, e => e with { Metadata = new V1ObjectMeta { Name = "private", NamespaceProperty = e.Metadata.NamespaceProperty } }),
            "EnvoyProxy gateway/private exposes a port outside the gateway");

        // Beyond the call matrix a public service admits only the gateway: not every namespace, not another identity.
        AssertBreaks("EDGE-03", cloud, p => WithServiceObjects(p, "oneq-order", o => o.Append(AllowAll("oneq-order", "Ingress"))),
            "oneq-order's NetworkPolicies admit bank on 4143, neither a declared caller nor the gateway");
        AssertBreaks("EDGE-03", cloud, p => WithServiceObjects(p, "oneq-order", o => o.Append(AllowAll("oneq-order", "Ingress"))),
            "oneq-order's NetworkPolicies admit the internet (203.0.113.10) on 8080");
        AssertBreaks("EDGE-03", cloud, p => WithServiceObjects(p, "appcard", o => o.Select(x => x is MeshTlsAuthentication { Metadata.Name: ServiceNamespaces.GatewayAuthentication } m
                ? m with { Spec = new MeshTlsAuthenticationSpec(["bank.bank.serviceaccount.identity.linkerd.cluster.local"]) }
                : x)),
            "Server appcard/appcard admits bank.bank.serviceaccount.identity.linkerd.cluster.local, neither a declared caller nor the gateway");
        AssertBreaks("EDGE-03", cloud, p => WithServiceObjects(p, "appcard", o => o.Where(x => !IsPolicy(x, ServiceNamespaces.AllowGatewayIngress))),
            "appcard's NetworkPolicies keep the gateway namespace gateway out of 4143: its route cannot reach it");
    }

    /// <summary>An <c>ingress</c> of the minimal stack's public services with <c>http</c> set.</summary>
    private static string IngressWithHttp(string cloud, string http) => $"""
        oneq-order-infra:ingress:
          domain: {SampleIngress.Domain}
          dnsZone: {(cloud == "aws" ? SampleIngress.AwsZone : SampleIngress.GcpZone)}
          hostnames:
            oneq-order: [oneq-order.{SampleIngress.Domain}]
            appcard: [appcard.{SampleIngress.Domain}]
          acme:
            email: platform@{SampleIngress.Domain}
          http: {http}

        """;

    private static OneQOrder.Platform.Settings.Cloud Cloud(string cloud) => ToCloud(cloud);

    /// <summary>The evidence with every edge object of type <typeparamref name="T"/> replaced by <paramref name="change"/>'s result on a thawed copy.</summary>
    private static InClusterEvidence ChangeEdgeObject<T>(PlatformPlan plan, Func<T, T> change) => ChangeEdgeObject(plan.InCluster, change);

    private static InClusterEvidence ChangeEdgeObject<T>(InClusterEvidence evidence, Func<T, T> change)
    {
        var edge = Assert.IsType<EdgePlan>(evidence.Edge);
        IReadOnlyList<FrozenManifest> Changed(IReadOnlyList<FrozenManifest> objects) =>
            FrozenManifest.FreezeAll(FrozenManifest.ThawAll(objects).Select(o => o is T t ? change(t)! : o));
        var changed = evidence with
        {
            Edge = edge with
            {
                NamespaceObjects = Changed(edge.NamespaceObjects),
                GatewayObjects = Changed(edge.GatewayObjects),
                RouteObjects = Changed(edge.RouteObjects),
            },
        };
        Assert.NotEqual(evidence, changed);
        return changed;
    }

    /// <summary>The evidence with the edge's routes replaced.</summary>
    private static InClusterEvidence WithEdgeRoutes(PlatformPlan plan, Func<IReadOnlyList<object>, IEnumerable<object>> change)
    {
        var edge = Assert.IsType<EdgePlan>(plan.Edge);
        return plan.InCluster with { Edge = edge with { RouteObjects = FrozenManifest.FreezeAll(change(FrozenManifest.ThawAll(edge.RouteObjects))) } };
    }
}
