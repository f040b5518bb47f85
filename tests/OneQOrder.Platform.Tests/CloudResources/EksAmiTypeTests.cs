using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Guardrails;

namespace OneQOrder.Platform.Tests.CloudResources;

/// <summary>
/// EKS refuses a node group whose AMI type does not match the instance architecture, so a Graviton pool (considered
/// for cost, issue 13) must get the arm64 AL2023 AMI and an x86 pool the x86_64 one.
/// </summary>
public sealed class EksAmiTypeTests
{
    [Theory]
    [InlineData("m6i.xlarge", "AL2023_x86_64_STANDARD")]
    [InlineData("t3.medium", "AL2023_x86_64_STANDARD")]
    [InlineData("m7g.large", "AL2023_ARM_64_STANDARD")]
    [InlineData("t4g.medium", "AL2023_ARM_64_STANDARD")]
    public void A_node_group_gets_the_ami_type_of_its_instance_architecture(string machineType, string amiType)
    {
        var plan = GuardrailStacks.Plan("aws", $"oneq-order-infra:cluster:\n  nodePools:\n    - {{ name: general, machineType: {machineType}, minNodes: 3, maxNodes: 6 }}");

        var group = Assert.Single(Assert.IsType<AwsResourcePlan>(plan.Resources).Cluster.NodeGroups);

        Assert.Equal(amiType, group.AmiType);
    }

    [Theory]
    [InlineData("m7g.large", true)]
    [InlineData("c6gn.xlarge", true)]
    [InlineData("g5g.xlarge", true)]
    [InlineData("g5.xlarge", false)]
    [InlineData("m6i.large", false)]
    [InlineData("m7i-flex.large", false)]
    [InlineData("c5a.large", false)]
    public void Graviton_families_are_told_apart_by_their_processor_letter(string machineType, bool arm)
    {
        Assert.Equal(arm, MachineTypeCatalogue.IsArm(Cloud.Aws, machineType));
    }
}
