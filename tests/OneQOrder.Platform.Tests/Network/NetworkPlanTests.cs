using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Network;

public sealed class NetworkPlanTests
{
    private static NetworkPlan PlanOf(string stack, string yaml) =>
        NetworkPlanner.Plan(StackConfiguration.LoadOrThrow(Config.FromYaml(stack, yaml)));

    private static List<System.Net.IPNetwork2> Ranges(NetworkPlan plan) =>
        [.. plan.Subnets.Select(s => System.Net.IPNetwork2.Parse(s.Cidr)), .. plan.SecondaryRanges.Select(r => System.Net.IPNetwork2.Parse(r.Cidr))];

    [Fact]
    public void Prod_plans_one_vpc_with_a_public_and_a_private_subnet_per_zone()
    {
        var plan = NetworkPlanner.Plan(Repository.Validated("prod"));

        Assert.Equal(Cloud.Aws, plan.Cloud);
        Assert.Equal("oneq-prod-vpc", plan.Name);
        Assert.Equal("10.20.0.0/16", plan.Cidr);
        Assert.Equal(6, plan.Subnets.Count);
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], plan.PublicSubnets.Select(s => s.Zone));
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], plan.PrivateSubnets.Select(s => s.Zone));
        Assert.All(plan.PrivateSubnets, s => Assert.EndsWith("/19", s.Cidr, StringComparison.Ordinal));
        Assert.All(plan.PublicSubnets, s => Assert.EndsWith("/24", s.Cidr, StringComparison.Ordinal));
        Assert.Empty(plan.SecondaryRanges);
        Assert.IsType<AwsNetworkPlan>(plan);
    }

    [Fact]
    public void Aws_has_exactly_one_nat_gateway_in_the_first_public_subnet()
    {
        var plan = NetworkPlanner.Plan(Repository.Validated("prod"));

        var nat = Assert.Single(plan.NatGateways);
        Assert.Equal(plan.PublicSubnets.First().Name, nat.Subnet);
        Assert.Equal("oneq-prod-public-ap-northeast-2a", nat.Subnet);
    }

    [Fact]
    public void Every_private_subnet_routes_through_the_one_nat_and_public_subnets_through_the_internet_gateway()
    {
        var plan = NetworkPlanner.Plan(Repository.Validated("prod"));
        var nat = plan.NatGateways.Single().Name;

        var routeOf = plan.RouteTables.SelectMany(t => t.Subnets.Select(s => (Subnet: s, t.DefaultRoute)))
            .ToDictionary(x => x.Subnet, x => x.DefaultRoute);

        Assert.Equal(plan.Subnets.Count, routeOf.Count); // every subnet is associated with exactly one table
        Assert.All(plan.PrivateSubnets, s => Assert.Equal(nat, routeOf[s.Name]));
        Assert.All(plan.PublicSubnets, s => Assert.Equal("internet-gateway", routeOf[s.Name]));
        Assert.Equal(1 + plan.PrivateSubnets.Count(), plan.RouteTables.Count);
    }

    [Fact]
    public void Aws_subnets_carry_the_eks_load_balancer_discovery_tags()
    {
        var plan = NetworkPlanner.Plan(Repository.Validated("prod"));

        Assert.All(plan.PublicSubnets, s => Assert.Equal(
            new Dictionary<string, string> { ["kubernetes.io/cluster/oneq-prod"] = "shared", ["kubernetes.io/role/elb"] = "1" }, s.Tags));
        Assert.All(plan.PrivateSubnets, s => Assert.Equal(
            new Dictionary<string, string> { ["kubernetes.io/cluster/oneq-prod"] = "shared", ["kubernetes.io/role/internal-elb"] = "1" }, s.Tags));
    }

    [Fact]
    public void Dev_plans_one_subnetwork_with_pod_and_service_ranges_one_router_and_one_cloud_nat()
    {
        var plan = NetworkPlanner.Plan(Repository.Validated("dev"));

        Assert.Equal(Cloud.Gcp, plan.Cloud);
        var nodes = Assert.Single(plan.Subnets);
        Assert.Equal(SubnetRole.Nodes, nodes.Role);
        Assert.EndsWith("/22", nodes.Cidr, StringComparison.Ordinal);
        Assert.Equal(["oneq-dev-pods", "oneq-dev-services"], plan.SecondaryRanges.Select(r => r.Name));
        Assert.Equal(["/17", "/20"], plan.SecondaryRanges.Select(r => r.Cidr[r.Cidr.IndexOf('/', StringComparison.Ordinal)..]));
        var gcp = Assert.IsType<GcpNetworkPlan>(plan);
        Assert.Equal("oneq-dev-router", gcp.Router);
        Assert.Equal(nodes.Name, Assert.Single(plan.NatGateways).Subnet);
        Assert.Empty(plan.RouteTables);
        Assert.Equal("172.16.0.0/28", gcp.ControlPlaneCidr);
    }

    public static TheoryData<string, string> Stacks => new()
    {
        { "aws-default", Config.MinimalAws },
        { "aws-two-zones", Config.MinimalAws + "\noneq-order-infra:network:\n  cidr: 10.1.0.0/18\n  zones: 2\n  privateSubnetPrefixLength: 20" },
        { "aws-six-zones", Config.MinimalAws.Replace("ap-northeast-2", "us-east-1", StringComparison.Ordinal) + "\noneq-order-infra:network:\n  cidr: 172.20.0.0/16\n  zones: 6\n  privateSubnetPrefixLength: 20\n  publicSubnetPrefixLength: 26" },
        { "aws-tight", Config.MinimalAws + "\noneq-order-infra:network:\n  cidr: 10.0.0.0/18\n  zones: 3\n  privateSubnetPrefixLength: 20\n  publicSubnetPrefixLength: 22" },
        { "gcp-default", Config.MinimalGcp },
        { "gcp-tight", Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 192.168.0.0/16\n  podPrefixLength: 17\n  privateSubnetPrefixLength: 18\n  servicePrefixLength: 18" },
        { "gcp-small", Config.MinimalGcp + "\noneq-order-infra:network:\n  cidr: 10.8.0.0/20\n  podPrefixLength: 21\n  privateSubnetPrefixLength: 24\n  servicePrefixLength: 24" },
    };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void All_ranges_are_inside_the_network_and_do_not_overlap(string stack, string yaml)
    {
        var plan = PlanOf(stack, yaml);
        var vpc = System.Net.IPNetwork2.Parse(plan.Cidr);
        var ranges = Ranges(plan);

        Assert.All(ranges, r => Assert.True(vpc.Contains(r), $"{r} is outside {vpc}"));
        for (var i = 0; i < ranges.Count; i++)
        {
            for (var j = i + 1; j < ranges.Count; j++)
            {
                Assert.False(ranges[i].Overlap(ranges[j]), $"{ranges[i]} overlaps {ranges[j]}");
            }
        }

        Assert.Single(plan.NatGateways);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Range_sizes_follow_the_prefix_settings(string stack, string yaml)
    {
        var settings = StackConfiguration.LoadOrThrow(Config.FromYaml(stack, yaml));
        var plan = NetworkPlanner.Plan(settings);
        var n = settings.Settings.Network;

        var prefixes = Ranges(plan).Select(r => (int)r.Cidr).ToList();

        Assert.Equal(NetworkPlanner.RequiredBlocks(settings.Settings).Order(), prefixes.Order());
        Assert.All(plan.PrivateSubnets, s => Assert.Equal(n.PrivateSubnetPrefixLength, (int)System.Net.IPNetwork2.Parse(s.Cidr).Cidr));
        Assert.All(plan.PublicSubnets, s => Assert.Equal(n.PublicSubnetPrefixLength, (int)System.Net.IPNetwork2.Parse(s.Cidr).Cidr));
    }

    [Fact]
    public void Planning_is_deterministic()
    {
        var settings = Repository.Validated("prod");

        var first = NetworkPlanner.Plan(settings);
        var second = NetworkPlanner.Plan(settings);

        Assert.Equal(first.Subnets.Select(s => (s.Name, s.Cidr)), second.Subnets.Select(s => (s.Name, s.Cidr)));
    }

    [Fact]
    public void Allocation_fails_rather_than_overlap_when_the_blocks_do_not_fit()
    {
        var parent = System.Net.IPNetwork2.Parse("10.0.0.0/24");

        Assert.Null(Cidr.Allocate(parent, [25, 25, 26]));
        Assert.NotNull(Cidr.Allocate(parent, [25, 26, 26]));
    }

    [Theory]
    [InlineData("10.0.0.0/16", true)]
    [InlineData("10.0.0.1/16", false)]
    [InlineData("10.0.0.0", false)]
    [InlineData("10.0.0/16", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("fd00::/64", false)]
    [InlineData("10.0.0.0/16/1", false)]
    [InlineData("", false)]
    public void Cidr_parsing_is_strict(string text, bool valid)
    {
        Assert.Equal(valid, Cidr.TryParse(text, out _));
    }
}
