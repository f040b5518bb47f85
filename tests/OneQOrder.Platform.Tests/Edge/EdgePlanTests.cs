using System.Text.Json.Nodes;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Tests.Kubernetes;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Edge;

/// <summary>What the edge renders, read back from its files: availability, TLS, routes, identities and policies.</summary>
public sealed class EdgePlanTests
{
    private const string GatewayIdentity = "envoy-public.gateway.serviceaccount.identity.linkerd.cluster.local";

    private static readonly string[] PublicServices = ["oneq-order", "appcard"];
    private static readonly string[] PrivateServices = ["pg", "card", "bank"];

    private static IReadOnlyList<JsonObject> Files(PlatformPlan plan) =>
        [.. RenderedDocuments.Parse([plan.Edge!.Namespaces, plan.Edge.Gateway, plan.Edge.Routes])];

    private static JsonObject One(IEnumerable<JsonObject> documents, string kind, string? name = null) =>
        documents.OfKind(kind).Single(d => name is null || (string?)d["metadata"]!["name"] == name);

    [Fact]
    public void Production_runs_at_least_two_envoy_replicas_spread_over_zones_with_a_disruption_budget()
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("prod"));

        // Act
        var kubernetes = One(Files(plan), "EnvoyProxy")["spec"]!["provider"]!["kubernetes"]!;
        var spread = kubernetes["envoyDeployment"]!["pod"]!["topologySpreadConstraints"]![0]!;

        // Assert
        Assert.True((long)kubernetes["envoyDeployment"]!["replicas"]! >= 2);
        Assert.Equal(1L, (long)kubernetes["envoyPDB"]!["minAvailable"]!);
        Assert.Equal("topology.kubernetes.io/zone", (string?)spread["topologyKey"]);
        Assert.Equal("DoNotSchedule", (string?)spread["whenUnsatisfiable"]);
        Assert.Equal(2, plan.Edge!.Release(EdgePlanner.EnvoyGatewayRelease).Values.At("deployment", "replicas"));
        Assert.Equal(1, plan.Edge.Release(EdgePlanner.EnvoyGatewayRelease).Values.At("podDisruptionBudget", "minAvailable"));
        Assert.Equal(true, plan.Edge.Release(EdgePlanner.CertManagerRelease).Values.At("podDisruptionBudget", "enabled"));
    }

    [Fact]
    public void A_test_stack_runs_its_declared_replicas_without_a_disruption_budget()
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("dev"));

        var kubernetes = One(Files(plan), "EnvoyProxy")["spec"]!["provider"]!["kubernetes"]!;

        Assert.Equal(1L, (long)kubernetes["envoyDeployment"]!["replicas"]!);
        Assert.Null(kubernetes["envoyPDB"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_listeners_accept_tls_1_2_and_newer_only(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));

        var policy = One(Files(plan), "ClientTrafficPolicy");

        Assert.Equal("1.2", (string?)policy["spec"]!["tls"]!["minVersion"]);
        Assert.Equal("Gateway", (string?)policy["spec"]!["targetRefs"]![0]!["kind"]);
        Assert.Equal(EdgePlanner.GatewayName, (string?)policy["spec"]!["targetRefs"]![0]!["name"]);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Each_hostname_gets_an_https_listener_with_its_certificate_and_only_its_service_may_attach(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var documents = Files(plan);
        var domain = plan.Settings.Ingress!.Domain;

        // Act
        var listeners = One(documents, "Gateway")["spec"]!["listeners"]!.AsArray().Select(l => l!.AsObject()).Where(l => (string?)l["protocol"] == "HTTPS").ToList();
        var certificates = documents.OfKind("Certificate").ToDictionary(c => (string)c["spec"]!["secretName"]!, c => (string)c["spec"]!["dnsNames"]![0]!);

        // Assert
        Assert.Equal([$"order.{domain}", $"appcard.{domain}"], listeners.Select(l => (string)l["hostname"]!));
        Assert.All(listeners, l =>
        {
            var secret = (string)l["tls"]!["certificateRefs"]![0]!["name"]!;
            Assert.Equal((string)l["hostname"]!, certificates[secret]);
            Assert.Equal("Terminate", (string?)l["tls"]!["mode"]);
        });
        Assert.Equal(["oneq-order", "appcard"], listeners.Select(l => (string)l["allowedRoutes"]!["namespaces"]!["selector"]!["matchLabels"]![PlatformNamespaces.NameLabel]!));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Each_public_service_gets_a_route_to_its_own_service_port_and_plain_http_only_redirects(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var routes = RenderedDocuments.Parse(plan.Edge!.Routes.Yaml).OfKind("HTTPRoute").ToList();

        // Act
        var byName = routes.ToDictionary(r => (string)r["metadata"]!["name"]!);
        var redirect = byName["https-redirect"]["spec"]!["rules"]![0]!["filters"]![0]!;

        // Assert
        Assert.Equal(["appcard", "https-redirect", "oneq-order"], byName.Keys.Order(StringComparer.Ordinal));
        foreach (var service in PublicServices)
        {
            Assert.Equal(service, (string?)byName[service]["metadata"]!["namespace"]);
            var backend = byName[service]["spec"]!["rules"]![0]!["backendRefs"]![0]!;
            Assert.Equal(service, (string?)backend["name"]);
            Assert.Equal(8080L, (long)backend["port"]!);
            Assert.All(byName[service]["spec"]!["parentRefs"]!.AsArray(), p => Assert.StartsWith("https-", (string)p!["sectionName"]!, StringComparison.Ordinal));
        }

        Assert.Equal("RequestRedirect", (string?)redirect["type"]);
        Assert.Equal("https", (string?)redirect["requestRedirect"]!["scheme"]);
        Assert.Equal(301L, (long)redirect["requestRedirect"]!["statusCode"]!);
        Assert.Null(byName["https-redirect"]["spec"]!["rules"]![0]!["backendRefs"]);
    }

    [Fact]
    public void With_http_off_there_is_no_plain_http_listener_route_or_port()
    {
        var settings = EdgeStacks.Settings("prod");
        var plan = PlatformPlanner.Build(StackConfiguration.Validate(settings with { Ingress = settings.Ingress! with { Http = "off" } }));

        var documents = Files(plan);

        Assert.DoesNotContain(One(documents, "Gateway")["spec"]!["listeners"]!.AsArray(), l => (string?)l!["protocol"] == "HTTP");
        Assert.DoesNotContain(documents.OfKind("HTTPRoute"), r => (string?)r["metadata"]!["name"] == "https-redirect");
        Assert.Equal([10443L], One(documents, "NetworkPolicy", EdgePlanner.AllowLoadBalancer)["spec"]!["ingress"]![0]!["ports"]!.AsArray().Select(p => (long)p!["port"]!));
    }

    [Fact]
    public void With_http_serve_the_service_routes_attach_to_the_http_listener_too_and_nothing_redirects()
    {
        var settings = EdgeStacks.Settings("dev");
        var plan = PlatformPlanner.Build(StackConfiguration.Validate(settings with { Ingress = settings.Ingress! with { Http = "serve" } }));

        var routes = RenderedDocuments.Parse(plan.Edge!.Routes.Yaml).OfKind("HTTPRoute").ToList();

        Assert.Equal(["oneq-order", "appcard"], routes.Select(r => (string)r["metadata"]!["name"]!));
        Assert.All(routes, r => Assert.Contains(r["spec"]!["parentRefs"]!.AsArray(), p => (string?)p!["sectionName"] == EdgePlanner.HttpListener));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_identity_the_public_services_admit_is_the_envoy_pods_service_account(string stack)
    {
        // Arrange
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var proxy = One(Files(plan), "EnvoyProxy");

        // Act
        var account = (string)proxy["spec"]!["provider"]!["kubernetes"]!["envoyServiceAccount"]!["name"]!;
        var ns = (string)proxy["metadata"]!["namespace"]!;
        var admitted = PublicServices.SelectMany(s => RenderedDocuments.Parse(plan.ServiceNamespaces.Single(f => f.FileName == $"namespaces/{s}.yaml").Yaml)
            .OfKind("MeshTLSAuthentication").Where(m => (string?)m["metadata"]!["name"] == "gateway").SelectMany(m => m["spec"]!["identities"]!.AsArray().Select(i => (string)i!))).ToList();

        // Assert
        Assert.Equal(GatewayIdentity, $"{account}.{ns}.serviceaccount.identity.linkerd.cluster.local");
        Assert.Equal([GatewayIdentity, GatewayIdentity], admitted);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void A_service_that_is_not_public_gets_no_policy_naming_the_gateway(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));

        var mentions = PrivateServices
            .Select(s => (s, plan.ServiceNamespaces.Single(f => f.FileName == $"namespaces/{s}.yaml").Yaml))
            .Where(f => f.Yaml.Contains(GatewayIdentity, StringComparison.Ordinal) || f.Yaml.Contains($"{PlatformNamespaces.NameLabel}: {PlatformNamespaces.Gateway}", StringComparison.Ordinal))
            .Select(f => f.s)
            .ToList();

        Assert.Empty(mentions);
        Assert.Contains(GatewayIdentity, plan.ServiceNamespaces.Single(f => f.FileName == "namespaces/appcard.yaml").Yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_listener_and_stats_ports_skip_the_linkerd_proxy_and_are_the_ports_the_load_balancer_reaches(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));
        var documents = Files(plan);

        var skipped = ((string)One(documents, "EnvoyProxy")["spec"]!["provider"]!["kubernetes"]!["envoyDeployment"]!["pod"]!["annotations"]!["config.linkerd.io/skip-inbound-ports"]!)
            .Split(',').Select(long.Parse).ToList();
        var opened = One(documents, "NetworkPolicy", EdgePlanner.AllowLoadBalancer)["spec"]!["ingress"]![0]!["ports"]!.AsArray().Select(p => (long)p!["port"]!).ToList();
        var listenerPorts = One(documents, "Gateway")["spec"]!["listeners"]!.AsArray().Select(l => (long)l!["port"]! + 10000).Distinct().Order().ToList();

        Assert.Equal(listenerPorts, opened);
        Assert.Equal([.. opened, PlatformPorts.EnvoyStats], skipped);
    }

    [Fact]
    public void Every_edge_namespace_is_restricted_and_only_the_gateway_is_meshed_and_default_deny_both_ways()
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("prod"));
        var documents = RenderedDocuments.Parse(plan.Edge!.Namespaces.Yaml);

        var namespaces = documents.OfKind("Namespace").ToDictionary(n => (string)n["metadata"]!["name"]!);
        var gatewayDeny = One(documents.Where(d => (string?)d["metadata"]!["namespace"] == PlatformNamespaces.Gateway), "NetworkPolicy", "default-deny");

        Assert.Equal([PlatformNamespaces.CertManager, PlatformNamespaces.EnvoyGatewaySystem, PlatformNamespaces.ExternalDns, PlatformNamespaces.Gateway], namespaces.Keys.Order(StringComparer.Ordinal));
        Assert.All(namespaces.Values, n => Assert.Equal("restricted", (string?)n["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]));
        Assert.Equal("enabled", (string?)namespaces[PlatformNamespaces.Gateway]["metadata"]!["annotations"]!["linkerd.io/inject"]);
        Assert.Equal(["Ingress", "Egress"], gatewayDeny["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public void The_issuer_solves_dns01_in_the_stacks_zone_with_its_cloud_and_no_key_material()
    {
        var gcp = One(Files(PlatformPlanner.Build(EdgeStacks.Validated("dev"))), "ClusterIssuer");
        var aws = One(Files(PlatformPlanner.Build(EdgeStacks.Validated("prod"))), "ClusterIssuer");

        Assert.Equal("oneq-dev", (string?)gcp["spec"]!["acme"]!["solvers"]![0]!["dns01"]!["cloudDNS"]!["hostedZoneName"]);
        Assert.Equal("oneq-order-dev", (string?)gcp["spec"]!["acme"]!["solvers"]![0]!["dns01"]!["cloudDNS"]!["project"]);
        Assert.Equal("https://acme-staging-v02.api.letsencrypt.org/directory", (string?)gcp["spec"]!["acme"]!["server"]);
        Assert.Equal("Z0123456789ABCDEFGHIJ", (string?)aws["spec"]!["acme"]!["solvers"]![0]!["dns01"]!["route53"]!["hostedZoneID"]);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/directory", (string?)aws["spec"]!["acme"]!["server"]);
        Assert.DoesNotContain("PRIVATE KEY", PlatformPlanner.Build(EdgeStacks.Validated("prod")).Edge!.Gateway.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void On_gke_the_dns_add_ons_act_as_their_google_service_accounts()
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("dev"));

        var certManager = plan.Edge!.Release(EdgePlanner.CertManagerRelease).Values.At("serviceAccount", "annotations", "iam.gke.io/gcp-service-account");
        var externalDns = plan.Edge.Release(EdgePlanner.ExternalDnsRelease).Values.At("serviceAccount", "annotations", "iam.gke.io/gcp-service-account");

        Assert.Equal("oneq-dev-certmgr@oneq-order-dev.iam.gserviceaccount.com", certManager);
        Assert.Equal("oneq-dev-extdns@oneq-order-dev.iam.gserviceaccount.com", externalDns);
        Assert.Equal(PlatformNamespaces.CertManagerServiceAccount, plan.Edge.Release(EdgePlanner.CertManagerRelease).Values.At("serviceAccount", "name"));
        Assert.Null(PlatformPlanner.Build(EdgeStacks.Validated("prod")).Edge!.Release(EdgePlanner.CertManagerRelease).Values.At("serviceAccount", "annotations"));
    }

    [Fact]
    public void The_add_ons_service_accounts_name_the_google_accounts_the_cloud_layer_creates()
    {
        // Arrange: dev on GKE, where the Helm values' annotation and the planned Google service account must agree,
        // or cert-manager and external-dns would act as an account that does not exist.
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("dev"));
        var identities = Assert.IsType<GcpResourcePlan>(plan.Resources).Edge!;

        // Act / Assert
        foreach (var (release, ns) in new[] { (EdgePlanner.CertManagerRelease, CloudResourcePlanner.CertManagerNamespace), (EdgePlanner.ExternalDnsRelease, CloudResourcePlanner.ExternalDnsNamespace) })
        {
            var identity = identities.Identity(ns);
            var values = plan.Edge!.Release(release).Values;
            Assert.Equal(identity.ServiceAccount, values.At("serviceAccount", "name"));
            Assert.Equal(identity.Email, values.At("serviceAccount", "annotations", GcpWorkloadIdentity.AnnotationKey));
            Assert.Equal(ns, plan.Edge.Release(release).Namespace);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_committed_stacks_run_a_kubernetes_version_envoy_gateway_supports(string stack)
    {
        var version = Repository.Stack(stack).Cluster.KubernetesVersion;

        Assert.Contains(version, EdgePlanner.EnvoyGatewayKubernetesVersions);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_previewers_can_read_every_edge_kind_and_the_edge_release_secrets(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));

        var rules = plan.PreviewAccess.ClusterRules;

        Assert.Contains(new RbacRule("gateway.networking.k8s.io", "httproutes"), rules);
        Assert.Contains(new RbacRule("gateway.envoyproxy.io", "clienttrafficpolicies"), rules);
        Assert.Contains(new RbacRule("cert-manager.io", "clusterissuers"), rules);
        Assert.Contains(PlatformNamespaces.EnvoyGatewaySystem, plan.PreviewAccess.SecretNamespaces);
        Assert.DoesNotContain(PlatformNamespaces.Gateway, plan.PreviewAccess.SecretNamespaces);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void MESH_03_counts_the_gateway_as_a_declared_caller_of_the_public_services_only(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));

        var check = plan.Guardrails["MESH-03"];

        Assert.Equal(OneQOrder.Platform.Guardrails.GuardrailStatus.Pass, check.Status);
    }

    [Fact]
    public void A_stack_without_ingress_has_no_edge_and_no_edge_files()
    {
        var plan = PlatformPlanner.Build(StackConfiguration.Validate(EdgeStacks.WithoutPublicServices("prod")));

        Assert.Null(plan.Edge);
        Assert.DoesNotContain(LayerOutput.Files(plan), f => f.FileName.StartsWith("edge/", StringComparison.Ordinal));
    }
}
