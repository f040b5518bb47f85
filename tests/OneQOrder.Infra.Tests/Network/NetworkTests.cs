using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;

namespace OneQOrder.Infra.Tests.Network;

/// <summary>The network layer on both clouds: one VPC, one NAT, and the network guardrails.</summary>
public sealed class NetworkTests
{
    private const string AwsVpc = "aws:ec2/vpc:Vpc";
    private const string AwsNat = "aws:ec2/natGateway:NatGateway";
    private const string AwsSubnet = "aws:ec2/subnet:Subnet";
    private const string GcpNetwork = "gcp:compute/network:Network";
    private const string GcpNat = "gcp:compute/routerNat:RouterNat";
    private const string GcpSubnetwork = "gcp:compute/subnetwork:Subnetwork";

    public static TheoryData<string> Stacks => new() { "dev", "prod", "dev-on-aws" };

    internal static StackConfig Config(string stack) => stack == "dev-on-aws" ? StackConfig.DevOnAws() : StackConfig.Committed(stack);

    private static AwsNetworkSpec PlannedAws() =>
        Assert.IsType<AwsResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("prod")).Resources).Network;

    private static GcpSubnetworkSpec PlannedSubnetwork() =>
        Assert.IsType<GcpResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("dev")).Resources).Network.Subnetwork;

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Every_stack_has_exactly_one_network_and_one_nat(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(Config(stack));

        // Assert
        var aws = stack != "dev";
        Assert.Single(result.Resources, r => r.Type is AwsVpc or GcpNetwork);
        var nat = Assert.Single(result.Resources, r => r.Type is AwsNat or GcpNat);
        Assert.Equal(aws ? AwsNat : GcpNat, nat.Type);
        var exported = await result.OutputValueAsync<System.Collections.Immutable.ImmutableArray<string>>("natGatewayIds");
        Assert.Equal($"{nat.Name}-id", Assert.Single(exported));
    }

    [Fact]
    public async Task Aws_nat_sits_in_the_first_public_subnet_and_every_private_route_uses_it()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        var nat = result.Single(AwsNat);
        var publicSubnets = result.OfType(AwsSubnet).Where(s => s.Name.StartsWith("network-public-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, publicSubnets.Count);
        Assert.Equal($"{publicSubnets[0].Name}-id", nat.Input("subnetId"));
        var privateRoutes = result.OfType("aws:ec2/route:Route").Where(r => r.Name.StartsWith("network-private-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, privateRoutes.Count);
        Assert.All(privateRoutes, r => Assert.Equal($"{nat.Name}-id", r.Input("natGatewayId")));
        Assert.All(privateRoutes, r => Assert.Equal("0.0.0.0/0", r.Input("destinationCidrBlock")));
    }

    [Fact]
    public async Task Aws_subnets_carry_the_eks_load_balancer_discovery_tags()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        foreach (var subnet in result.OfType(AwsSubnet))
        {
            var role = subnet.Name.Contains("-private-", StringComparison.Ordinal) ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb";
            Assert.Equal("1", subnet.AtPath("tags", role));
            Assert.Equal("shared", subnet.AtPath("tags", "kubernetes.io/cluster/oneq-prod"));
        }
    }

    [Fact]
    public async Task Guardrail_01_subnets_never_map_public_ips()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: every planned subnet, with the plan's mapPublicIpOnLaunch (false).
        var planned = PlannedAws().Subnets;
        var subnets = result.OfType(AwsSubnet);
        Assert.Equal(6, subnets.Count);
        Assert.Equal(planned.Select(s => s.Plan.Cidr), subnets.Select(s => (string)s.Input("cidrBlock")));
        Assert.Equal(planned.Select(s => (object)s.MapPublicIpOnLaunch), subnets.Select(s => s.Input("mapPublicIpOnLaunch")));
        Assert.All(subnets, s => Assert.Equal(false, s.Input("mapPublicIpOnLaunch")));
    }

    [Fact]
    public async Task Guardrail_05_aws_vpc_flow_logs_go_to_a_kms_encrypted_log_group_with_the_stack_retention()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        var planned = Assert.IsType<AwsFlowLogSpec>(PlannedAws().FlowLog);
        var flowLog = result.Single("aws:ec2/flowLog:FlowLog");
        Assert.Equal(planned.TrafficType, flowLog.Input("trafficType"));
        Assert.Equal("ALL", planned.TrafficType);
        Assert.Equal("cloud-watch-logs", flowLog.Input("logDestinationType"));
        Assert.Equal("network-vpc-id", flowLog.Input("vpcId"));
        var logGroup = Assert.Single(result.OfType("aws:cloudwatch/logGroup:LogGroup"), g => g.Name == "network-flow-logs");
        Assert.Equal(planned.LogGroup.Name, logGroup.Input("name"));
        Assert.Equal((double)planned.LogGroup.RetentionInDays, logGroup.Input("retentionInDays"));
        Assert.Equal(365, planned.LogGroup.RetentionInDays);
        Assert.Equal(planned.Key.Name, planned.LogGroup.KmsKey);
        Assert.Contains("network-flow-logs-key", (string)logGroup.Input("kmsKeyId"), StringComparison.Ordinal);
        var key = Assert.Single(result.OfType("aws:kms/key:Key"), k => k.Name == "network-flow-logs-key");
        Assert.Equal(planned.Key.EnableKeyRotation, key.Input("enableKeyRotation"));
        Assert.True(planned.Key.EnableKeyRotation);
    }

    [Fact]
    public async Task Guardrail_05_gcp_subnetwork_logs_flows()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("dev"));

        // Assert
        var planned = Assert.IsType<GcpFlowLogConfigSpec>(PlannedSubnetwork().LogConfig);
        var subnetwork = result.Single(GcpSubnetwork);
        Assert.Equal(new GcpFlowLogConfigSpec("INTERVAL_5_SEC", 1.0, "INCLUDE_ALL_METADATA"), planned);
        Assert.Equal(planned.AggregationInterval, subnetwork.At("logConfig.aggregationInterval"));
        Assert.Equal(planned.FlowSampling, subnetwork.At("logConfig.flowSampling"));
        Assert.Equal(planned.Metadata, subnetwork.At("logConfig.metadata"));
    }

    [Fact]
    public async Task Guardrail_06_default_security_group_has_no_rules()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: the plan's rules, which are none.
        var planned = PlannedAws().DefaultSecurityGroup;
        var group = result.Single("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        Assert.Equal("network-vpc-id", group.Input("vpcId"));
        Assert.Empty(planned.Ingress);
        Assert.Empty(planned.Egress);
        Assert.Empty((IEnumerable<object>)group.Input("ingress"));
        Assert.Empty((IEnumerable<object>)group.Input("egress"));
    }

    [Fact]
    public async Task Guardrail_07_gcp_network_is_custom_mode_with_private_google_access_and_secondary_ranges()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("dev"));

        // Assert
        Assert.Equal(false, result.Single(GcpNetwork).Input("autoCreateSubnetworks"));
        var planned = PlannedSubnetwork();
        var subnetwork = result.Single(GcpSubnetwork);
        Assert.True(planned.PrivateIpGoogleAccess);
        Assert.Equal(planned.PrivateIpGoogleAccess, subnetwork.Input("privateIpGoogleAccess"));
        Assert.Equal(["oneq-dev-pods", "oneq-dev-services"], planned.SecondaryRanges.Select(r => r.Name));
        Assert.Equal(planned.SecondaryRanges[0].Name, subnetwork.At("secondaryIpRanges.0.rangeName"));
        Assert.Equal(planned.SecondaryRanges[1].Name, subnetwork.At("secondaryIpRanges.1.rangeName"));
        var nat = result.Single(GcpNat);
        Assert.Equal("LIST_OF_SUBNETWORKS", nat.Input("sourceSubnetworkIpRangesToNat"));
        Assert.Single(result.OfType("gcp:compute/router:Router"));
    }

    [Fact]
    public async Task Production_network_is_protected_and_test_network_is_not()
    {
        // Act
        var prod = await MockDeployment.RunAsync(StackConfig.Committed("prod"));
        var dev = await MockDeployment.RunAsync(StackConfig.Committed("dev"));

        // Assert
        Assert.True(prod.Single(AwsVpc).Protected);
        Assert.All(prod.OfType("aws:kms/key:Key"), k => Assert.True(k.Protected, k.Name));
        Assert.False(dev.Single(GcpNetwork).Protected);
    }
}
