using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Kubernetes;

/// <summary>Where pods and the API server get their addresses: the genuinely cloud-specific inputs of the rendered layer.</summary>
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

    /// <summary>
    /// Where the API server's calls to admission webhooks come from. GKE: the control plane's range
    /// (<c>network.controlPlaneCidr</c>). EKS: the control plane's cross-account ENIs, which EKS places in the
    /// cluster's subnets (vpcConfig.subnetIds: the private subnets) — the same ranges the VPC CNI gives pods, so on EKS
    /// this source cannot be told apart from pods by address. Sorted, so the rendering is stable.
    /// </summary>
    public static IReadOnlyList<string> ApiServerOf(NetworkPlan network)
    {
        ArgumentNullException.ThrowIfNull(network);
        IEnumerable<string> cidrs = network is GcpNetworkPlan gcp
            ? [gcp.ControlPlaneCidr]
            : network.PrivateSubnets.Select(s => s.Cidr);
        return cidrs.Order(StringComparer.Ordinal).ToList();
    }
}
