using OneQOrder.Infra.Components;

namespace OneQOrder.Infra.Tests.Cluster;

/// <summary>The VPC CNI add-on's configuration, which lives in the EKS component (kept here when the kubeconfig tests moved to the library).</summary>
public sealed class VpcCniConfigurationTests
{
    [Fact]
    public void Vpc_cni_configuration_is_the_json_the_add_on_schema_expects()
    {
        // Act / Assert
        Assert.Equal("""{"enableNetworkPolicy":"true"}""", EksCluster.VpcCniConfiguration.Json);
    }
}
