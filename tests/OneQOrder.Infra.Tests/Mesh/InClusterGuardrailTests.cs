using System.Globalization;
using OneQOrder.Infra.Tests.Support;

namespace OneQOrder.Infra.Tests.Mesh;

/// <summary>Reliability and wiring rules every in-cluster component follows (mesh, monitoring, service namespaces).</summary>
public sealed class InClusterGuardrailTests
{
    private static readonly string[] ComponentTypes = ["oneq:infra:ServiceMesh", "oneq:infra:Monitoring", "oneq:infra:ServiceNamespaces"];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Helm_releases_roll_back_on_failure(string stack)
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync(stack);
        var releases = run.OfType(LayersRun.Release);

        // Assert: four mesh releases and kube-prometheus-stack, each atomic, cleaned up on failure, with an explicit timeout.
        Assert.Equal(run.Plan.Mesh.Releases.Count + 1, releases.Count);
        Assert.All(releases, r =>
        {
            Assert.True((bool)r.Input("atomic"), $"{r.Name}: a failed install or upgrade must roll back");
            Assert.True((bool)r.Input("cleanupOnFail"), $"{r.Name}: resources of a failed upgrade must be deleted");
            Assert.InRange(Convert.ToInt32(r.Input("timeout"), CultureInfo.InvariantCulture), 60, 1800);
            Assert.True((bool)r.Input("waitForJobs"), $"{r.Name}: hook Jobs must finish before the release counts as installed");
        });
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_child_is_parented_to_its_component_and_kubernetes_children_use_the_given_provider(string stack)
    {
        // Arrange + Act
        var run = await InClusterLayers.RunAsync(stack);
        var children = run.Resources.Where(r => ComponentTypes.Contains(run.ParentTypeOf(r))).ToList();

        // Assert: nothing was registered besides the provider, the three components and their children.
        Assert.Equal(run.Resources.Count - 1 - ComponentTypes.Length, children.Count);
        Assert.All(ComponentTypes, t => Assert.Contains(run.Resources, r => r.Type == t && run.ParentTypeOf(r) is null));
        Assert.All(children, child =>
        {
            var prefix = run.ParentTypeOf(child) switch
            {
                "oneq:infra:ServiceMesh" => "mesh-",
                "oneq:infra:Monitoring" => "monitoring-",
                _ => "services-",
            };
            Assert.StartsWith(prefix, child.Name, StringComparison.Ordinal);
            if (child.Type == LayersRun.ConfigGroup)
            {
                Assert.Same(run.Provider, run.ProviderOf(child));
            }
            else if (child.IsKubernetes)
            {
                Assert.Equal(run.ProviderRef, child.Provider);
            }
            else
            {
                // Keys, certificates and passwords are computed locally by the default tls/random providers.
                Assert.True(child.Type.StartsWith("tls:", StringComparison.Ordinal) || child.Type.StartsWith("random:", StringComparison.Ordinal), child.Type);
            }
        });
    }
}
