using System.Collections.Immutable;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Network;
using Pulumi;
using Pulumi.Gcp.Compute;
using Pulumi.Gcp.Compute.Inputs;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The GCP network of a stack: one custom-mode VPC network, one regional node subnetwork with the pod and service
/// secondary ranges GKE's VPC-native mode uses, Private Google Access and flow logs, and one Cloud Router carrying
/// ONE Cloud NAT so private nodes reach the internet (DESIGN.md).
/// </summary>
public sealed class GcpNetwork : ComponentResource, INetwork
{
    public GcpNetwork(string name, GcpNetworkArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:GcpNetwork", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Network.Plan;
        var resources = args.Resources;
        string Child(string planned) => ChildNames.Of(name, args.Network.NamePrefix, planned);

        var network = new Network($"{name}-vpc", new NetworkArgs
        {
            Name = plan.Name,
            // Custom mode: no auto-created /20 per region that would overlap planned ranges (guardrail #7).
            AutoCreateSubnetworks = false,
            RoutingMode = "REGIONAL",
            Description = "OneQOrder platform network (one VPC for every service)",
        }, new CustomResourceOptions { Parent = this, Protect = resources.Protect });

        var spec = resources.Subnetwork;
        var nodes = spec.Plan;
        var subnetworkArgs = new SubnetworkArgs
        {
            Name = nodes.Name,
            Network = network.Id,
            Region = nodes.Zone,
            IpCidrRange = nodes.Cidr,
            // Guardrail NET-05: private nodes reach Google APIs (Artifact Registry, logging) without public IPs.
            PrivateIpGoogleAccess = spec.PrivateIpGoogleAccess,
            SecondaryIpRanges = spec.SecondaryRanges
                .Select(r => new SubnetworkSecondaryIpRangeArgs { RangeName = r.Name, IpCidrRange = r.Cidr })
                .ToList(),
        };
        if (spec.LogConfig is { } log)
        {
            // Guardrail NET-03.
            subnetworkArgs.LogConfig = new SubnetworkLogConfigArgs
            {
                AggregationInterval = log.AggregationInterval,
                FlowSampling = log.FlowSampling,
                Metadata = log.Metadata,
            };
        }

        var subnetwork = new Subnetwork(Child(nodes.Name), subnetworkArgs,
            new CustomResourceOptions { Parent = this, Protect = spec.Protect });

        var router = new Router(Child(args.Gcp.Router), new RouterArgs
        {
            Name = args.Gcp.Router,
            Network = network.Id,
            Region = nodes.Zone,
        }, new CustomResourceOptions { Parent = this });

        var natPlan = plan.NatGateways.Single();
        var nat = new RouterNat(Child(natPlan.Name), new RouterNatArgs
        {
            Name = natPlan.Name,
            Router = router.Name,
            Region = nodes.Zone,
            NatIpAllocateOption = "AUTO_ONLY",
            // Only the node subnetwork (all its ranges: nodes and pods) is NATed, nothing else in the network.
            SourceSubnetworkIpRangesToNat = "LIST_OF_SUBNETWORKS",
            Subnetworks =
            {
                new RouterNatSubnetworkArgs { Name = subnetwork.Id, SourceIpRangesToNats = { "ALL_IP_RANGES" } },
            },
            LogConfig = new RouterNatLogConfigArgs { Enable = true, Filter = "ERRORS_ONLY" },
        }, new CustomResourceOptions { Parent = this });

        NetworkId = network.Id;
        NetworkSelfLink = network.SelfLink;
        SubnetworkId = subnetwork.Id;
        SubnetIds = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { [nodes.Name] = subnetwork.Id };
        NatGatewayIds = Output.All(nat.Id);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["networkId"] = NetworkId,
            ["networkSelfLink"] = NetworkSelfLink,
            ["subnetworkId"] = SubnetworkId,
            ["natGatewayIds"] = NatGatewayIds,
        });
    }

    /// <inheritdoc />
    [Output]
    public Output<string> NetworkId { get; private set; }

    /// <summary>The network's self link (GKE and firewall rules take it).</summary>
    [Output]
    public Output<string> NetworkSelfLink { get; private set; }

    /// <summary>The node subnetwork.</summary>
    [Output]
    public Output<string> SubnetworkId { get; private set; }

    /// <inheritdoc />
    [Output]
    public Output<ImmutableArray<string>> NatGatewayIds { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Output<string>> SubnetIds { get; }
}

/// <summary>Arguments of <see cref="GcpNetwork"/>.</summary>
public sealed class GcpNetworkArgs
{
    /// <summary>The planned network.</summary>
    public required NetworkLayerArgs Network { get; init; }

    /// <summary>The network's guardrail-bearing arguments (<see cref="GcpResourcePlan.Network"/>).</summary>
    public required GcpNetworkSpec Resources { get; init; }

    /// <summary>The GCP shape of <see cref="NetworkLayerArgs.Plan"/>: the Cloud Router is only on it.</summary>
    public required GcpNetworkPlan Gcp { get; init; }
}
