using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Costs;

/// <summary>Issue 13, right-sized defaults: the platform's pods fit each stack's minimum nodes, and a too-small pool is caught.</summary>
public sealed class FitCheckTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_platform_fits_on_the_minimum_nodes_of_each_committed_stack(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        var fit = Assert.Single(Sizing.Fit(plan));

        Assert.True(fit.Fits, string.Join(", ", fit.Unplaced));
        Assert.Equal(plan.Cluster.NodePools[0].MinNodes, fit.Nodes);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void With_the_public_entry_the_platform_still_fits_and_counts_every_envoy_replica(string stack)
    {
        var plan = PlatformPlanner.Build(EdgeStacks.Validated(stack));

        var fit = Assert.Single(Sizing.Fit(plan));
        var envoy = PlatformWorkloads.Of(plan).Single(w => w.Name == "gateway/envoy (public)");

        Assert.True(fit.Fits, string.Join(", ", fit.Unplaced));
        Assert.Equal(plan.Settings.Ingress!.Replicas, envoy.Replicas);
        Assert.Contains(PlatformWorkloads.Of(plan), w => w.Name == "envoy-gateway-system/envoy-gateway");
    }

    [Fact]
    public void A_node_type_too_small_for_the_platform_does_not_fit_and_names_what_is_left_over()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var shrunk = plan.Cluster.NodePools[0] with { MachineType = "t3.medium" };

        var fit = FitCheck.Check(Cloud.Aws, shrunk, shrunk.MinNodes, PlatformWorkloads.Of(plan));

        Assert.False(fit.Fits);
        Assert.NotEmpty(fit.Unplaced);
    }

    [Fact]
    public void A_workload_added_to_the_list_joins_the_check()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("dev"));
        var pool = plan.Cluster.NodePools[0];
        WorkloadRequest huge = new("kube-system/cluster-autoscaler", 1, false, 100, 64_000, RequestSource.Assumed, "a test workload larger than a node");

        var fit = FitCheck.Check(Cloud.Gcp, pool, pool.MinNodes, [.. PlatformWorkloads.Of(plan), huge]);

        Assert.False(fit.Fits);
        Assert.Contains(fit.Unplaced, u => u.StartsWith("kube-system/cluster-autoscaler", StringComparison.Ordinal));
    }

    [Fact]
    public void The_requests_the_plan_renders_for_the_autoscaler_and_alertmanager_are_the_ones_counted()
    {
        // Arrange: prod (EKS) renders Cluster Autoscaler's and Alertmanager's requests into their chart values.
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));
        var autoscaler = (HelmValues)plan.Addons.ClusterAutoscaler!.Release.Values.At("resources", "requests")!;
        var alertmanager = (HelmValues)plan.Monitoring.Release.Values.At("alertmanager", "alertmanagerSpec", "resources", "requests")!;

        // Act
        var workloads = PlatformWorkloads.Of(plan);

        // Assert: the figures follow the values, and the EKS-only components are counted on EKS only.
        var counted = workloads.Single(w => w.Name == "kube-system/cluster-autoscaler");
        Assert.Equal((Quantity.CpuMillis((string)autoscaler["cpu"]!), Quantity.MemoryMiB((string)autoscaler["memory"]!)), (counted.CpuMillis, counted.MemoryMiB));
        var am = workloads.Single(w => w.Name == "monitoring/alertmanager");
        Assert.Equal((Quantity.CpuMillis((string)alertmanager["cpu"]!), Quantity.MemoryMiB((string)alertmanager["memory"]!)), (am.CpuMillis, am.MemoryMiB));
        Assert.Contains(workloads, w => w.Name == "kube-system/ebs-csi-controller");
        var dev = PlatformWorkloads.Of(PlatformPlanner.Build(Repository.Validated("dev")));
        Assert.DoesNotContain(dev, w => w.Name is "kube-system/cluster-autoscaler" or "kube-system/ebs-csi-controller");
    }

    [Fact]
    public void Daemonset_pods_are_counted_once_per_node()
    {
        var pool = PlatformPlanner.Build(Repository.Validated("prod")).Cluster.NodePools[0];
        WorkloadRequest daemon = new("ds", 0, true, 10, 10, RequestSource.Assumed, "");

        Assert.Equal(3, FitCheck.Check(Cloud.Aws, pool, 3, [daemon]).Pods);
        Assert.Equal(5, FitCheck.Check(Cloud.Aws, pool, 5, [daemon]).Pods);
    }

    [Theory]
    [InlineData(Cloud.Aws, "m6i.xlarge", 3920, 15391, 58)] // 16384 − (11 × 58 + 255) − 100
    [InlineData(Cloud.Aws, "t3.medium", 1930, 3554, 17)]   // 4096 − (11 × 17 + 255) − 100
    [InlineData(Cloud.Gcp, "e2-standard-4", 3920, 13621, 110)] // 16384 − (1024 + 819.2 + 819.2) − 100
    [InlineData(Cloud.Gcp, "e2-standard-2", 1930, 6248, 110)]  // 8192 − ⌈1024 + 819.2⌉ − 100
    public void Allocatable_follows_the_clouds_reservation_formulas(Cloud cloud, string type, int cpu, int memory, int pods)
    {
        var allocatable = NodeAllocatable.Of(cloud, PriceCatalogue.Shape(type)!);

        Assert.Equal(new NodeAllocatable(cpu, memory, pods), allocatable);
    }

    [Fact]
    public void Production_runs_linkerd_with_three_replicas_of_each_controller()
    {
        var workloads = PlatformWorkloads.Of(PlatformPlanner.Build(Repository.Validated("prod")));

        Assert.Equal(3, workloads.Single(w => w.Name == "linkerd/linkerd-destination").Replicas);
        Assert.Equal(1, PlatformWorkloads.Of(PlatformPlanner.Build(Repository.Validated("dev"))).Single(w => w.Name == "linkerd/linkerd-destination").Replicas);
    }
}
