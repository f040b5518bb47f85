using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>Where pods get their addresses: the one genuinely cloud-specific input of the rendered layer.</summary>
public static class PodNetworks
{
    /// <summary>
    /// GKE (VPC-native): the pod secondary range. EKS (VPC CNI): pods take addresses from the private subnets
    /// the nodes are in. Sorted, so the rendering is stable.
    /// </summary>
    public static IReadOnlyList<string> Of(NetworkPlan network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cidrs = network.Cloud == Cloud.Gcp
            ? network.SecondaryRanges.Where(r => r.Name.EndsWith("-pods", StringComparison.Ordinal)).Select(r => r.Cidr)
            : network.PrivateSubnets.Select(s => s.Cidr);
        return cidrs.Order(StringComparer.Ordinal).ToList();
    }
}
