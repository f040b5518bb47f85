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
public sealed record NodePoolPlan(string Name, string MachineType, int MinNodes, int MaxNodes, int DiskSizeGb, IReadOnlyList<string> Subnets)
{
    /// <summary>The subnets the nodes join, compared by value.</summary>
    public IReadOnlyList<string> Subnets { get; init => field = ValueList.From(value); } = ValueList.From(Subnets);
}

/// <summary>
/// The one Kubernetes cluster of a stack: a <see cref="GkeClusterPlan"/> on GCP, an <see cref="EksClusterPlan"/> on AWS;
/// what only GKE has (the release channel, the RBAC group) is only on its record.
/// </summary>
public abstract record ClusterPlan
{
    private protected ClusterPlan()
    {
    }

    /// <summary>Linkerd's admission webhooks (proxy-injector 8443, policy-validator 9443, tap 8089): a private GKE control plane must reach them on the nodes (DESIGN.md; GUARDRAILS #30).</summary>
    public static readonly IReadOnlyList<int> LinkerdWebhookPorts = [8089, 8443, 9443];

    public required string Name { get; init; }

    /// <summary><c>GKE</c> or <c>EKS</c>.</summary>
    public abstract string Kind { get; }

    public required string KubernetesVersion { get; init; }

    /// <summary>GKE: the zone of a one-zone (zonal) cluster, else the region. EKS: the region.</summary>
    public required string Location { get; init; }

    /// <summary>The zones nodes spread over.</summary>
    public required IReadOnlyList<string> NodeZones { get; init => field = ValueList.From(value); }

    /// <summary>Nodes have no public IPs.</summary>
    public required bool PrivateNodes { get; init; }

    /// <summary>CIDRs allowed to the public endpoint; empty means the endpoint is private only.</summary>
    public required IReadOnlyList<string> PublicAccessCidrs { get; init => field = ValueList.From(value); }

    public bool PublicEndpoint => PublicAccessCidrs.Count > 0;

    public required bool SecretsEncryption { get; init; }

    public required bool AuditLogs { get; init; }

    public required int AuditLogRetentionDays { get; init; }

    public required bool DeletionProtection { get; init; }

    public required IReadOnlyList<NodePoolPlan> NodePools { get; init => field = ValueList.From(value); }

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
        var nodePools = c.NodePools
            .Select(p => new NodePoolPlan(p.Name, p.MachineType, p.MinNodes, p.MaxNodes, p.DiskSizeGb, privateSubnets))
            .ToList();
        return gcp
            ? new GkeClusterPlan
            {
                Name = NetworkPlanner.NamePrefix(settings),
                KubernetesVersion = c.KubernetesVersion,
                Location = zones.Count == 1 ? zones[0] : settings.Provider.Region,
                NodeZones = zones,
                ReleaseChannel = c.ReleaseChannel,
                PrivateNodes = !c.PublicNodeIps,
                PublicAccessCidrs = c.PublicAccessCidrs,
                SecretsEncryption = c.SecretsEncryption,
                AuditLogs = c.AuditLogs,
                AuditLogRetentionDays = c.AuditLogRetentionDays,
                DeletionProtection = c.DeletionProtection,
                RbacGroup = c.RbacGroup,
                NodePools = nodePools,
            }
            : new EksClusterPlan
            {
                Name = NetworkPlanner.NamePrefix(settings),
                KubernetesVersion = c.KubernetesVersion,
                Location = settings.Provider.Region,
                NodeZones = zones,
                PrivateNodes = !c.PublicNodeIps,
                PublicAccessCidrs = c.PublicAccessCidrs,
                SecretsEncryption = c.SecretsEncryption,
                AuditLogs = c.AuditLogs,
                AuditLogRetentionDays = c.AuditLogRetentionDays,
                DeletionProtection = c.DeletionProtection,
                NodePools = nodePools,
            };
    }
}

/// <summary>EKS: the version is pinned and upgraded by changing <c>cluster.kubernetesVersion</c>; access is by access entries.</summary>
public sealed record EksClusterPlan : ClusterPlan
{
    /// <inheritdoc />
    public override string Kind => "EKS";
}

/// <summary>GKE: on a release channel, with Google Groups for RBAC.</summary>
public sealed record GkeClusterPlan : ClusterPlan
{
    /// <inheritdoc />
    public override string Kind => "GKE";

    /// <summary>The GKE release channel (<c>cluster.releaseChannel</c>).</summary>
    public required string ReleaseChannel { get; init; }

    /// <summary>The <c>gke-security-groups@&lt;domain&gt;</c> group of Google Groups for RBAC (guardrail CP-07), or null when unset (a test stack only).</summary>
    public string? RbacGroup { get; init; }
}
