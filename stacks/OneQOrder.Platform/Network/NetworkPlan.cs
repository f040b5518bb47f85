using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Network;

/// <summary>What a subnet is for.</summary>
public enum SubnetRole
{
    /// <summary>AWS public subnet: the NAT gateway and internet-facing load balancers; never nodes.</summary>
    Public,

    /// <summary>AWS private subnet: worker nodes and pods (VPC CNI); egress through the one NAT gateway.</summary>
    Private,

    /// <summary>GCP node subnetwork (private nodes, secondary ranges for pods and services).</summary>
    Nodes,
}

/// <summary>One subnet (AWS) or subnetwork (GCP).</summary>
/// <param name="Name">Resource name, derived from the stack.</param>
/// <param name="Cidr">Primary range.</param>
/// <param name="Zone">Availability zone (AWS); the region for a GCP subnetwork, which is regional.</param>
/// <param name="Role">Public, private or GKE nodes.</param>
/// <param name="Tags">Tags the cloud needs (the EKS load-balancer discovery tags).</param>
public sealed record SubnetPlan(string Name, string Cidr, string Zone, SubnetRole Role, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Tags the cloud needs, compared by value.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init => field = ValueDictionaries.From(value); } = ValueDictionaries.From(Tags);
}

/// <summary>A GKE secondary range of the node subnetwork.</summary>
public sealed record SecondaryRangePlan(string Name, string Cidr);

/// <summary>The one NAT: an AWS NAT gateway in a public subnet, or a Cloud NAT on a Cloud Router.</summary>
/// <param name="Name">Resource name.</param>
/// <param name="Subnet">AWS: the public subnet that holds it; GCP: the subnetwork it serves.</param>
public sealed record NatGatewayPlan(string Name, string Subnet);

/// <summary>An AWS route table and the subnets associated with it.</summary>
/// <param name="Name">Resource name.</param>
/// <param name="DefaultRoute">Where <c>0.0.0.0/0</c> goes: <c>internet-gateway</c> or the NAT gateway's name.</param>
/// <param name="Subnets">Associated subnet names.</param>
public sealed record RouteTablePlan(string Name, string DefaultRoute, IReadOnlyList<string> Subnets)
{
    /// <summary>Associated subnet names, compared by value.</summary>
    public IReadOnlyList<string> Subnets { get; init => field = ValueList.From(value); } = ValueList.From(Subnets);
}

/// <summary>
/// The one network of a stack, computed from its settings without a cloud: every range non-overlapping and inside
/// <see cref="Cidr"/>, exactly one NAT. An <see cref="AwsNetworkPlan"/> or a <see cref="GcpNetworkPlan"/>: what only one
/// cloud has (the Cloud Router, GKE's control-plane range) is only on that cloud's record.
/// </summary>
public abstract record NetworkPlan
{
    private protected NetworkPlan()
    {
    }

    public abstract Cloud Cloud { get; }

    /// <summary>The VPC (AWS) or VPC network (GCP) name.</summary>
    public required string Name { get; init; }

    /// <summary>The VPC range, or on GCP the range every subnetwork range is carved from.</summary>
    public required string Cidr { get; init; }

    public required IReadOnlyList<SubnetPlan> Subnets { get; init => field = ValueList.From(value); }

    /// <summary>GCP: the pod and service secondary ranges of the node subnetwork. Empty on AWS.</summary>
    public required IReadOnlyList<SecondaryRangePlan> SecondaryRanges { get; init => field = ValueList.From(value); }

    /// <summary>Exactly one, by design (DESIGN.md); the single-NAT trade-off is an accepted risk (README).</summary>
    public required IReadOnlyList<NatGatewayPlan> NatGateways { get; init => field = ValueList.From(value); }

    /// <summary>AWS route tables: one public (to the internet gateway), one per private subnet (to the NAT). Empty on GCP.</summary>
    public required IReadOnlyList<RouteTablePlan> RouteTables { get; init => field = ValueList.From(value); }

    /// <summary>VPC / subnetwork flow logs on.</summary>
    public required bool FlowLogs { get; init; }

    public IEnumerable<SubnetPlan> PrivateSubnets => Subnets.Where(s => s.Role is SubnetRole.Private or SubnetRole.Nodes);

    public IEnumerable<SubnetPlan> PublicSubnets => Subnets.Where(s => s.Role == SubnetRole.Public);
}

/// <summary>The VPC of an AWS stack: public and private subnets per zone, route tables, one NAT gateway.</summary>
public sealed record AwsNetworkPlan : NetworkPlan
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Aws;
}

/// <summary>The VPC network of a GCP stack: one node subnetwork with secondary ranges, a Cloud Router with the Cloud NAT.</summary>
public sealed record GcpNetworkPlan : NetworkPlan
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Gcp;

    /// <summary>The Cloud Router that carries the Cloud NAT.</summary>
    public required string Router { get; init; }

    /// <summary>GKE: the control plane's /28 (<c>network.controlPlaneCidr</c>).</summary>
    public required string ControlPlaneCidr { get; init; }
}
