using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Costs;

/// <summary>The public entry in the cost estimate and the fit check (issue 12), counted from what the edge renders.</summary>
public sealed class EdgeCostTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static EdgePlan WithEnvoyReplicas(EdgePlan edge, int replicas) => edge with
    {
        GatewayObjects = FrozenManifest.FreezeAll(FrozenManifest.ThawAll(edge.GatewayObjects).Select(o => o is EnvoyProxy p
            ? p with { Spec = p.Spec with { Provider = p.Spec.Provider with { Kubernetes = p.Spec.Provider.Kubernetes with { EnvoyDeployment = p.Spec.Provider.Kubernetes.EnvoyDeployment with { Replicas = replicas } } } } }
            : o)),
    };

    [Fact]
    public void The_fit_check_counts_the_edge_pods_at_their_rendered_replicas()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var workloads = PlatformWorkloads.Of(plan);
        var scaled = PlatformWorkloads.Of(plan with { Edge = WithEnvoyReplicas(plan.Edge!, 5) });
        var bare = PlatformWorkloads.Of(plan with { Edge = null });

        var envoy = Assert.Single(workloads, w => w.Name == "gateway/envoy (public)");
        Assert.Equal(3, envoy.Replicas);
        Assert.Equal(100 + 10 + 100, envoy.CpuMillis);  // envoy + shutdown-manager + the prod stack's Linkerd proxy request
        Assert.Equal(5, Assert.Single(scaled, w => w.Name == "gateway/envoy (public)").Replicas);
        Assert.Equal(
            [("envoy-gateway-system/envoy-gateway", 2), ("cert-manager/cert-manager", 2), ("cert-manager/cert-manager-webhook", 2), ("cert-manager/cert-manager-cainjector", 2), ("external-dns/external-dns", 1)],
            workloads.Where(w => w.Name.StartsWith("envoy-gateway-system/", StringComparison.Ordinal) || w.Name.StartsWith("cert-manager/", StringComparison.Ordinal) || w.Name.StartsWith("external-dns/", StringComparison.Ordinal))
                .Select(w => (w.Name, w.Replicas)));
        Assert.Equal(workloads.Count - 6, bare.Count);
        Assert.All(Sizing.Fit(plan), f => Assert.True(f.Fits, $"{f.Pool} fits with the edge"));
    }

    [Fact]
    public void The_load_balancer_is_priced_from_the_rendered_envoy_proxy_with_its_nlb_capacity_units_on_aws()
    {
        var prod = PlatformPlanner.Build(Repository.Validated("prod"));
        var dev = PlatformPlanner.Build(Repository.Validated("dev"));

        var aws = CostEstimator.Estimate(prod, Today).Items;
        var gcp = CostEstimator.Estimate(dev, Today).Items;
        var none = CostEstimator.Estimate(prod with { Edge = null }, Today).Items;

        Assert.Equal((730m, 0.0225m), (Assert.Single(aws, i => i.Item == "L4 load balancer ×1 (the shared entry)").QuantityAtMinimum, aws.Single(i => i.Item.StartsWith("L4", StringComparison.Ordinal)).UnitPrice!.Value));
        Assert.Equal((730m, 0.006m), (Assert.Single(aws, i => i.Item.StartsWith("NLB capacity units", StringComparison.Ordinal)).QuantityAtMinimum, aws.Single(i => i.Item.StartsWith("NLB", StringComparison.Ordinal)).UnitPrice!.Value));
        Assert.Single(gcp, i => i.Item == "L4 load balancer ×1 (the shared entry)");
        Assert.DoesNotContain(gcp, i => i.Item.StartsWith("NLB", StringComparison.Ordinal));
        Assert.Equal(0m, Assert.Single(none, i => i.Item.StartsWith("L4", StringComparison.Ordinal)).QuantityAtMinimum);
        Assert.DoesNotContain(none, i => i.Item.StartsWith("NLB", StringComparison.Ordinal));
    }
}
