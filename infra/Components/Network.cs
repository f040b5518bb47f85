using System.Collections.Immutable;
using OneQOrder.Platform.Network;
using Pulumi;

namespace OneQOrder.Infra.Components;

/// <summary>
/// What both network components take: the planned network (every CIDR and name decided by the library) and the
/// stack's name prefix. The guardrail-bearing arguments come from each cloud's resource plan.
/// </summary>
public sealed class NetworkLayerArgs
{
    /// <summary>The network the library planned.</summary>
    public required NetworkPlan Plan { get; init; }

    /// <summary>The stack's name prefix (<c>oneq-&lt;stack&gt;</c>) that every planned name starts with.</summary>
    public required string NamePrefix { get; init; }
}

/// <summary>The outputs every network exposes to the program's stack outputs, whichever cloud it is on.</summary>
public interface INetwork
{
    /// <summary>The VPC id (AWS) or the VPC network id (GCP).</summary>
    Output<string> NetworkId { get; }

    /// <summary>The one NAT: an AWS NAT gateway id, or the Cloud NAT id. A list so a later one-NAT-per-zone change keeps the output's shape.</summary>
    Output<ImmutableArray<string>> NatGatewayIds { get; }

    /// <summary>
    /// Planned subnet (AWS) or subnetwork (GCP) name → its id. The cluster resolves the subnet names of its resource
    /// plan here, so nodes join exactly the subnets the guardrail report checked (NET-01); an unplanned name fails.
    /// </summary>
    IReadOnlyDictionary<string, Output<string>> SubnetIds { get; }
}

/// <summary>Logical names of a network's children, derived from the component's name and the planned names.</summary>
internal static class ChildNames
{
    /// <summary>
    /// <c>network</c> + <c>oneq-prod-private-ap-northeast-2a</c> → <c>network-private-ap-northeast-2a</c>: the
    /// component name, then the planned name without the stack prefix (the stack is already in every URN).
    /// </summary>
    public static string Of(string component, string prefix, string plannedName) =>
        plannedName.StartsWith(prefix + "-", StringComparison.Ordinal)
            ? $"{component}-{plannedName[(prefix.Length + 1)..]}"
            : $"{component}-{plannedName}";
}
