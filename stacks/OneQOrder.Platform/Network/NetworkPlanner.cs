using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Network;

/// <summary>Computes a stack's <see cref="NetworkPlan"/>. Pure; it takes only <see cref="ValidatedSettings"/>.</summary>
public static class NetworkPlanner
{
    /// <summary>EKS discovers load-balancer subnets by these tags (AWS Load Balancer Controller docs, "Subnet auto-discovery").</summary>
    public const string PublicElbTag = "kubernetes.io/role/elb";
    public const string InternalElbTag = "kubernetes.io/role/internal-elb";

    /// <summary>The prefix of every resource name of a stack: <c>oneq-&lt;stack&gt;</c>.</summary>
    public static string NamePrefix(StackSettings settings) => $"oneq-{settings.Stack}";

    /// <summary>The prefix lengths the network must hold, in allocation order, for capacity checks and planning.</summary>
    public static IReadOnlyList<int> RequiredBlocks(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var n = settings.Network;
        return settings.Cloud switch
        {
            Cloud.Aws =>
            [
                .. Enumerable.Repeat(n.PrivateSubnetPrefixLength, n.Zones),
                .. Enumerable.Repeat(n.PublicSubnetPrefixLength, n.Zones),
            ],
            _ => [n.PrivateSubnetPrefixLength, n.PodPrefixLength, n.ServicePrefixLength],
        };
    }

    /// <summary>Plans the network from the blocks validation already carved out of <c>network.cidr</c>.</summary>
    public static NetworkPlan Plan(ValidatedSettings validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        var prefix = NamePrefix(settings);
        return settings.Cloud == Cloud.Aws
            ? PlanAws(settings, prefix, validated.NetworkBlocks)
            : PlanGcp(settings, prefix, validated.NetworkBlocks);
    }

    private static NetworkPlan PlanAws(StackSettings settings, string prefix, IReadOnlyList<string> blocks)
    {
        var zones = settings.Provider.ZoneNames;
        var clusterTag = $"kubernetes.io/cluster/{prefix}";
        var privateSubnets = zones.Select((zone, i) => new SubnetPlan(
            $"{prefix}-private-{zone}", blocks[i], zone, SubnetRole.Private,
            Tags(InternalElbTag, clusterTag))).ToList();
        var publicSubnets = zones.Select((zone, i) => new SubnetPlan(
            $"{prefix}-public-{zone}", blocks[zones.Count + i], zone, SubnetRole.Public,
            Tags(PublicElbTag, clusterTag))).ToList();

        // One NAT gateway, in the first public subnet; every private route table points at it (DESIGN.md).
        var nat = new NatGatewayPlan($"{prefix}-nat", publicSubnets[0].Name);
        List<RouteTablePlan> routes =
        [
            new($"{prefix}-public", "internet-gateway", publicSubnets.Select(s => s.Name).ToList()),
            .. privateSubnets.Select(s => new RouteTablePlan($"{s.Name}", nat.Name, [s.Name])),
        ];

        return new AwsNetworkPlan
        {
            Name = $"{prefix}-vpc",
            Cidr = settings.Network.Cidr,
            Subnets = [.. publicSubnets, .. privateSubnets],
            SecondaryRanges = [],
            NatGateways = [nat],
            RouteTables = routes,
            FlowLogs = settings.Network.FlowLogs,
        };
    }

    private static NetworkPlan PlanGcp(StackSettings settings, string prefix, IReadOnlyList<string> blocks)
    {
        var nodes = new SubnetPlan($"{prefix}-nodes", blocks[0], settings.Provider.Region, SubnetRole.Nodes,
            new Dictionary<string, string>());
        return new GcpNetworkPlan
        {
            Name = $"{prefix}-vpc",
            Cidr = settings.Network.Cidr,
            Subnets = [nodes],
            SecondaryRanges = [new($"{prefix}-pods", blocks[1]), new($"{prefix}-services", blocks[2])],
            NatGateways = [new NatGatewayPlan($"{prefix}-nat", nodes.Name)],
            RouteTables = [],
            Router = $"{prefix}-router",
            ControlPlaneCidr = settings.Network.ControlPlaneCidr,
            FlowLogs = settings.Network.FlowLogs,
        };
    }

    private static SortedDictionary<string, string> Tags(string roleTag, string clusterTag) =>
        new(StringComparer.Ordinal) { [roleTag] = "1", [clusterTag] = "shared" };
}
