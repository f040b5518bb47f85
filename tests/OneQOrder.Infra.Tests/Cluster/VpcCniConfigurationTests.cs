using OneQOrder.Infra.Components;
using OneQOrder.Platform.CloudResources;

namespace OneQOrder.Infra.Tests.Cluster;

/// <summary>The VPC CNI add-on's configuration, which lives in the EKS component (kept here when the kubeconfig tests moved to the library).</summary>
public sealed class VpcCniConfigurationTests
{
    [Theory]
    [InlineData(true, """{"enableNetworkPolicy":"true"}""")]
    [InlineData(false, """{"enableNetworkPolicy":"false"}""")]
    public void Vpc_cni_configuration_is_the_json_the_add_on_schema_expects(bool enableNetworkPolicy, string json)
    {
        // Arrange
        var role = new AwsServiceRoleSpec(new AwsTrustSpec("pods.eks.amazonaws.com", ["sts:AssumeRole"]), []);

        // Act / Assert
        Assert.Equal(json, EksCluster.VpcCniConfiguration.Of(new EksVpcCniSpec(enableNetworkPolicy, "aws-node", role)));
    }
}
