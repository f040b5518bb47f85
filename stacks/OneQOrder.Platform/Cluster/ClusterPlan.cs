using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Cluster;

/// <summary>One node pool as it will be created.</summary>
/// <param name="Name">Pool / node group name.</param>
/// <param name="MachineType">GCE machine type or EC2 instance type.</param>
/// <param name="MinNodes">Autoscaler lower bound.</param>
/// <param name="MaxNodes">Autoscaler upper bound.</param>
/// <param name="DiskSizeGb">Boot disk size.</param>
/// <param name="Subnets">The private subnets (AWS) or subnetwork (GCP) the nodes join: never a public one.</param>
public sealed record NodePoolPlan(string Name, string MachineType, int MinNodes, int MaxNodes, int DiskSizeGb, IReadOnlyList<string> Subnets);

/// <summary>The one Kubernetes cluster of a stack: GKE on GCP, EKS on AWS.</summary>
public sealed record ClusterPlan
{
    /// <summary>Linkerd's admission webhooks (proxy-injector 8443, policy-validator 9443, tap 8089): a private GKE control plane must reach them on the nodes (DESIGN.md; GUARDRAILS #30).</summary>
    public static readonly IReadOnlyList<int> LinkerdWebhookPorts = [8089, 8443, 9443];

    public required string Name { get; init; }

    /// <summary><c>GKE</c> or <c>EKS</c>.</summary>
    public required string Kind { get; init; }

    public required string KubernetesVersion { get; init; }

    /// <summary>GKE: the zone of a one-zone (zonal) cluster, else the region. EKS: the region.</summary>
    public required string Location { get; init; }

    /// <summary>The zones nodes spread over.</summary>
    public required IReadOnlyList<string> NodeZones { get; init; }

    /// <summary>GKE release channel; null on EKS (EKS versions are pinned and upgraded by changing <c>cluster.kubernetesVersion</c>).</summary>
    public string? ReleaseChannel { get; init; }

    /// <summary>Nodes have no public IPs.</summary>
    public required bool PrivateNodes { get; init; }

    /// <summary>CIDRs allowed to the public endpoint; empty means the endpoint is private only.</summary>
    public required IReadOnlyList<string> PublicAccessCidrs { get; init; }

    public bool PublicEndpoint => PublicAccessCidrs.Count > 0;

    public required bool SecretsEncryption { get; init; }

    public required bool AuditLogs { get; init; }

    public required int AuditLogRetentionDays { get; init; }

    public required bool DeletionProtection { get; init; }

    public required IReadOnlyList<NodePoolPlan> NodePools { get; init; }

    /// <summary>GKE: the <c>gke-security-groups@&lt;domain&gt;</c> group of Google Groups for RBAC (guardrail CP-07), or null when unset (a test stack only). Null on EKS.</summary>
    public string? RbacGroup { get; init; }

    /// <summary>Plans the cluster on the planned network.</summary>
    public static ClusterPlan Create(ValidatedSettings validated, NetworkPlan network)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        ArgumentNullException.ThrowIfNull(network);
        var c = settings.Cluster;
        var gcp = settings.Cloud == Cloud.Gcp;
        var zones = settings.Provider.ZoneNames;
        var privateSubnets = network.PrivateSubnets.Select(s => s.Name).ToList();
        return new ClusterPlan
        {
            Name = NetworkPlanner.NamePrefix(settings),
            Kind = gcp ? "GKE" : "EKS",
            KubernetesVersion = c.KubernetesVersion,
            Location = gcp && zones.Count == 1 ? zones[0] : settings.Provider.Region,
            NodeZones = zones,
            ReleaseChannel = gcp ? c.ReleaseChannel : null,
            PrivateNodes = !c.PublicNodeIps,
            PublicAccessCidrs = c.PublicAccessCidrs,
            SecretsEncryption = c.SecretsEncryption,
            AuditLogs = c.AuditLogs,
            AuditLogRetentionDays = c.AuditLogRetentionDays,
            DeletionProtection = c.DeletionProtection,
            RbacGroup = gcp ? c.RbacGroup : null,
            NodePools = c.NodePools
                .Select(p => new NodePoolPlan(p.Name, p.MachineType, p.MinNodes, p.MaxNodes, p.DiskSizeGb, privateSubnets))
                .ToList(),
        };
    }
}
