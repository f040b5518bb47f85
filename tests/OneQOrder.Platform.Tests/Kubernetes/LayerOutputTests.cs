using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Kubernetes;

public sealed class LayerOutputTests
{
    [Fact]
    public void The_call_matrix_marks_exactly_the_declared_calls()
    {
        var tenants = TenantCatalogue.From(Repository.Stack("prod"));

        var lines = LayerOutput.CallMatrix(tenants).Split('\n');

        Assert.Equal("caller \\ callee  oneq-order  pg  appcard  card  bank", lines[0]);
        Assert.Equal("pg               .           .   X        X     X   ", lines[2]);
        Assert.Equal("bank             .           .   .        .     .   ", lines[5]);
        Assert.StartsWith("6 allowed calls", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void The_mermaid_diagram_draws_internet_to_the_gateway_to_the_routed_services_calls_and_monitoring()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));

        var diagram = LayerOutput.Mermaid(plan.Tenants, plan.Edge);

        Assert.StartsWith("flowchart LR\n", diagram, StringComparison.Ordinal);
        Assert.Contains("  edge_gateway{{\"gateway (gateway)\"}}\n", diagram, StringComparison.Ordinal);
        Assert.Contains("  internet -->|HTTPS| edge_gateway\n", diagram, StringComparison.Ordinal);
        Assert.Contains("  edge_gateway -->|mTLS| oneq_order\n", diagram, StringComparison.Ordinal);
        Assert.Contains("  edge_gateway -->|mTLS| appcard\n", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("edge_gateway -->|mTLS| pg", diagram, StringComparison.Ordinal);
        Assert.Single(diagram.Split('\n'), l => l.StartsWith("  internet -->", StringComparison.Ordinal));
        Assert.Equal(6, diagram.Split('\n').Count(l => l.Contains("-->|mTLS|", StringComparison.Ordinal) && !l.Contains("edge_gateway", StringComparison.Ordinal)));
        Assert.Contains("  pg -->|mTLS| card\n", diagram, StringComparison.Ordinal);
        Assert.Equal(5, diagram.Split('\n').Count(l => l.StartsWith("  monitoring -. 4191 .->", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_mermaid_diagram_draws_the_services_the_routes_reach_and_no_internet_without_an_edge()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));
        var edge = plan.Edge! with { RouteObjects = [.. plan.Edge.RouteObjects.Where(r => r.Thaw<object>() is not HttpRoute { Metadata.Name: "appcard" })] };

        var withoutAppcardRoute = LayerOutput.Mermaid(plan.Tenants, edge);
        var withoutEdge = LayerOutput.Mermaid(plan.Tenants, null);

        Assert.DoesNotContain("edge_gateway -->|mTLS| appcard", withoutAppcardRoute, StringComparison.Ordinal);
        Assert.Contains("edge_gateway -->|mTLS| oneq_order", withoutAppcardRoute, StringComparison.Ordinal);
        Assert.DoesNotContain("internet", withoutEdge, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_list_has_one_file_per_namespace_release_and_manifest()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var names = LayerOutput.Files(plan).Select(f => f.FileName);

        Assert.Equal(
        [
            "namespaces/oneq-order.yaml", "namespaces/pg.yaml", "namespaces/appcard.yaml", "namespaces/card.yaml", "namespaces/bank.yaml",
            "addons/values/cluster-autoscaler.yaml", "addons/values/aws-load-balancer-controller.yaml",
            "mesh/namespaces.yaml", "mesh/values/linkerd-crds.yaml", "mesh/values/linkerd2-cni.yaml",
            "mesh/values/linkerd-control-plane.yaml", "mesh/values/linkerd-viz.yaml", "mesh/viz-policy.yaml",
            "monitoring/manifests.yaml", "monitoring/rules.yaml", "monitoring/dashboards.yaml",
            "monitoring/values/kube-prometheus-stack.yaml",
            "edge/namespaces.yaml", "edge/values/cert-manager.yaml", "edge/values/external-dns.yaml", "edge/values/envoy-gateway.yaml",
            "edge/gateway.yaml", "edge/routes.yaml",
        ], names);
    }

    [Fact]
    public void With_an_ingress_the_edge_files_come_last_namespaces_values_gateway_routes()
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated("prod"));

        var names = LayerOutput.Files(plan).Select(f => f.FileName).SkipWhile(f => !f.StartsWith("edge/", StringComparison.Ordinal));

        Assert.Equal(
        [
            "edge/namespaces.yaml", "edge/values/cert-manager.yaml", "edge/values/external-dns.yaml", "edge/values/envoy-gateway.yaml",
            "edge/gateway.yaml", "edge/routes.yaml",
        ], names);
    }

    [Fact]
    public void Secrets_never_reach_a_rendered_file()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var text = string.Concat(LayerOutput.Files(plan).Select(f => f.Yaml));

        Assert.DoesNotContain("identityTrustAnchorsPEM", text, StringComparison.Ordinal);
        Assert.DoesNotContain("crtPEM", text, StringComparison.Ordinal);
        Assert.DoesNotContain("keyPEM", text, StringComparison.Ordinal);
        Assert.DoesNotContain("adminPassword", text, StringComparison.Ordinal);
    }
}
