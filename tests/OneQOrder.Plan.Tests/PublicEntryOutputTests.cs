using System.Text.Json.Nodes;
using OneQOrder.Plan.Report;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Plan.Tests;

/// <summary>
/// The plan's "Public entry" section (issue 12): the load balancer, gateway, routes, certificates and DNS, read from
/// the edge plan's rendered objects, in text and JSON; absent when the stack has no edge.
/// </summary>
public sealed class PublicEntryOutputTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static PlatformPlan Plan(string stack) =>
        PlatformPlanner.Build(StackConfiguration.LoadOrThrow(StackFile.Load(PlanCommandTests.RepositoryRoot, stack).Source!));

    [Fact]
    public void Prod_shows_the_nlb_the_gateway_the_routes_the_certificates_and_dns()
    {
        var (code, stdout, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, "prod");

        Assert.Equal(0, code);
        Assert.Contains("\nPublic entry\n  load balancer: AWS NLB (AWS Load Balancer Controller), internet-facing, targets ip, from 0.0.0.0/0; client address:\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  gateway: gateway/public (class envoy-gateway), Envoy Gateway v1.9.0 in envoy-gateway-system; 3 Envoy replica(s) as\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\n    order.oneq.example    ->  oneq-order/oneq-order:8080\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\n    https-appcard-0     appcard.oneq.example  secret https-appcard-0-tls\n", stdout, StringComparison.Ordinal);
        Assert.Contains("in\n       Route 53 hosted zone Z0123456789ABCDEFGHIJ\n", stdout, StringComparison.Ordinal);
        Assert.True(stdout.IndexOf("\nMonitoring\n", StringComparison.Ordinal) < stdout.IndexOf("\nPublic entry\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Dev_json_describes_the_gke_passthrough_load_balancer_and_one_certificate_per_hostname()
    {
        var (code, stdout, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, "dev", "--format", "json");

        Assert.Equal(0, code);
        var entry = JsonNode.Parse(stdout)!["publicEntry"]!;
        Assert.Equal("GKE external passthrough NLB (backend service)", entry["loadBalancer"]!["kind"]!.GetValue<string>());
        Assert.Equal("kept on the packet (externalTrafficPolicy Local)", entry["loadBalancer"]!["clientIp"]!.GetValue<string>());
        Assert.Equal(["order.dev.oneq.example", "appcard.dev.oneq.example"], entry["routes"]!.AsArray().Select(r => r!["hostname"]!.GetValue<string>()));
        Assert.Equal(["oneq-order", "appcard"], entry["routes"]!.AsArray().Select(r => r!["service"]!.GetValue<string>()));
        Assert.Equal(
            entry["routes"]!.AsArray().Select(r => r!["hostname"]!.GetValue<string>()),
            entry["certificates"]!["items"]!.AsArray().SelectMany(c => c!["hostnames"]!.AsArray().Select(h => h!.GetValue<string>())));
        Assert.Equal("https://acme-v02.api.letsencrypt.org/directory", entry["certificates"]!["acmeServer"]!.GetValue<string>());
        Assert.Equal("redirect to https", entry["plainHttp"]!.GetValue<string>());
        Assert.Equal("envoy-public.gateway.serviceaccount.identity.linkerd.cluster.local", entry["gateway"]!["meshIdentity"]!.GetValue<string>());
        Assert.Equal(["cert-manager", "external-dns", "envoy-gateway"], entry["releases"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void The_section_is_read_from_the_rendered_objects_not_the_settings()
    {
        var plan = Plan("prod");
        var edge = plan.Edge!;
        var changed = edge with
        {
            GatewayObjects = FrozenManifest.FreezeAll(FrozenManifest.ThawAll(edge.GatewayObjects).Select(o => o switch
            {
                EnvoyProxy p => p with { Spec = p.Spec with { Provider = p.Spec.Provider with { Kubernetes = p.Spec.Provider.Kubernetes with { EnvoyDeployment = p.Spec.Provider.Kubernetes.EnvoyDeployment with { Replicas = 7 } } } } },
                ClientTrafficPolicy c => c with { Spec = c.Spec with { Tls = new ClientTlsSettings("1.3") } },
                _ => o,
            })),
        };

        var document = PlanDocumentBuilder.Build(plan with { Edge = changed }, Today);

        Assert.Equal((7, "1.3"), (document.PublicEntry!.Gateway.Replicas, document.PublicEntry.Gateway.TlsMinimum));
        Assert.Equal(3, PlanDocumentBuilder.Build(plan, Today).PublicEntry!.Gateway.Replicas);
    }

    [Fact]
    public void Without_an_edge_the_section_and_its_json_are_absent()
    {
        var plan = Plan("dev") with { Edge = null };

        var document = PlanDocumentBuilder.Build(plan, Today);

        Assert.Null(document.PublicEntry);
        Assert.DoesNotContain("Public entry", TextReport.Render(document), StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(PlanJson.Serialize(document))!["publicEntry"]);
        Assert.Contains("\"publicEntry\": null", PlanJson.Serialize(document), StringComparison.Ordinal);
    }
}
