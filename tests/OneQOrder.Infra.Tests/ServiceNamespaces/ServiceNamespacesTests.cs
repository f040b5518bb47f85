using OneQOrder.Infra.Components;
using OneQOrder.Infra.Tests.Support;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.ServiceNamespaces;

/// <summary>The service-namespace component: one group per rendered file, applied after the mesh and monitoring.</summary>
public sealed class ServiceNamespacesTests
{
    private static readonly string[] Services = ["oneq-order", "pg", "appcard", "card", "bank"];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Five_service_namespaces_and_monitoring_get_their_objects(string stack)
    {
        // Arrange
        var run = await InClusterLayers.RunAsync(stack);

        // Act
        var groups = run.ChildrenOf("oneq:infra:ServiceNamespaces");

        // Assert: one group per rendered file, named after it, applying that file unchanged (groups are independent,
        // so they register in any order).
        Assert.Equal(run.Plan.ServiceNamespaces.Count, groups.Count);
        Assert.All(run.Plan.ServiceNamespaces, manifest =>
        {
            var group = run.Named(LayersRun.ConfigGroup, $"services-{Path.GetFileNameWithoutExtension(manifest.FileName)}");
            Assert.Contains(group, groups);
            Assert.Equal(manifest.Yaml, group.Input("yaml"));
        });
        Assert.Equal(
            Services.Order(StringComparer.Ordinal),
            groups.SelectMany(g => Components.ServiceNamespaces.NamespacesIn((string)g.Input("yaml"))).Order(StringComparer.Ordinal));
        var monitoring = run.Named(LayersRun.ConfigGroup, "monitoring-manifests");
        Assert.Equal(["monitoring"], Components.ServiceNamespaces.NamespacesIn((string)monitoring.Input("yaml")));
        Assert.Equal(
            Services.Order(StringComparer.Ordinal),
            (await OutputUtilities.GetValueAsync(run.Services.Namespaces)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Service_namespaces_are_applied_after_the_mesh_and_monitoring_are_installed()
    {
        // Arrange: Linkerd policy objects need linkerd-crds; PodMonitors need the prometheus-operator CRDs.
        var run = await InClusterLayers.RunAsync("prod");
        var lastMeshRelease = run.Named(LayersRun.Release, $"mesh-{run.Plan.Mesh.Releases[^1].Name}");
        var monitoringRelease = run.Named(LayersRun.Release, $"monitoring-{run.Plan.Monitoring.Release.Name}");

        // Act
        var groups = run.ChildrenOf("oneq:infra:ServiceNamespaces");

        // Assert
        Assert.Equal(5, groups.Count);
        Assert.All(groups, g =>
        {
            run.Timeline.AssertAfter(lastMeshRelease, g);
            run.Timeline.AssertAfter(monitoringRelease, g);
        });
    }
}
