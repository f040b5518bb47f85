using System.Globalization;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.CloudResources;

/// <summary>
/// The GCP resources of a stack (<c>GcpNetwork</c>, <c>GkeCluster</c> and <c>GkeWorkloadIdentities</c> in
/// <c>infra/</c>): the node subnetwork; the GKE cluster, its key, log bucket, node service account, firewall rules and
/// node pools; one Google service account per service.
/// </summary>
public sealed record GcpResourcePlan : CloudResourcePlan
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Gcp;

    public required GcpNetworkSpec Network { get; init; }

    public required GkeClusterSpec Cluster { get; init; }

    /// <summary>One Google service account per service, impersonable only by its KSA through Workload Identity (guardrail WI-01).</summary>
    public required IReadOnlyList<GcpWorkloadIdentity> WorkloadIdentities { get; init => field = ValueList.From(value); }

    /// <summary>
    /// The public entry's cloud identities (issue 12): cert-manager's and external-dns's Google service accounts; null
    /// when the stack has no <c>ingress</c>. GKE's own load balancer controller needs none of the platform's.
    /// </summary>
    public GcpEdgeIdentitiesSpec? Edge { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<ProtectedResource> Protection =>
    [
        new($"GKE cluster {Cluster.Name}", Cluster.Protect),
        new("VPC network", Network.Protect),
        new($"subnetwork {Network.Subnetwork.Name}", Network.Subnetwork.Protect),
        new($"KMS key ring {Cluster.KeyRing.Name}", Cluster.KeyRing.Protect),
        new($"KMS key {Cluster.Key.Name}", Cluster.Key.Protect),
        new($"log bucket {Cluster.LogBucket.BucketId}", Cluster.LogBucket.Protect),
    ];
}

/// <summary>The VPC network's resources that carry guardrails; CIDRs, the router and the NAT are in <see cref="NetworkPlan"/>.</summary>
/// <param name="Protect">Pulumi <c>protect</c> on the VPC network.</param>
/// <param name="Subnetwork">The one node subnetwork.</param>
public sealed record GcpNetworkSpec(bool Protect, GcpSubnetworkSpec Subnetwork);

/// <summary>The node subnetwork.</summary>
/// <param name="Plan">The planned subnetwork: name, primary range, region.</param>
/// <param name="PrivateIpGoogleAccess">Private nodes reach Google APIs without public IPs (guardrail NET-05).</param>
/// <param name="SecondaryRanges">The pod and service ranges of VPC-native GKE.</param>
/// <param name="LogConfig">Flow logs (guardrail NET-03); null when <c>network.flowLogs</c> is off (a test stack only).</param>
/// <param name="Protect">Pulumi <c>protect</c>.</param>
public sealed record GcpSubnetworkSpec(SubnetPlan Plan, bool PrivateIpGoogleAccess, IReadOnlyList<SecondaryRangePlan> SecondaryRanges,
    GcpFlowLogConfigSpec? LogConfig, bool Protect)
{
    /// <summary>SecondaryRanges, compared by value.</summary>
    public IReadOnlyList<SecondaryRangePlan> SecondaryRanges { get; init => field = ValueList.From(value); } = ValueList.From(SecondaryRanges);

    public string Name => Plan.Name;
}

/// <summary>A subnetwork's <c>logConfig</c>.</summary>
/// <param name="AggregationInterval">e.g. <c>INTERVAL_5_SEC</c>.</param>
/// <param name="FlowSampling">Share of flows logged, 0 to 1.</param>
/// <param name="Metadata">e.g. <c>INCLUDE_ALL_METADATA</c>.</param>
public sealed record GcpFlowLogConfigSpec(string AggregationInterval, double FlowSampling, string Metadata);

/// <summary>The GKE cluster and what it owns.</summary>
public sealed record GkeClusterSpec
{
    public required string Name { get; init; }

    /// <summary>The subnetwork (planned name) the nodes, and so every node pool, join.</summary>
    public required string Subnetwork { get; init; }

    /// <summary><c>networkingMode</c>: <c>VPC_NATIVE</c> (alias IPs) or <c>ROUTES</c>.</summary>
    public required string NetworkingMode { get; init; }

    /// <summary><c>ipAllocationPolicy.clusterSecondaryRangeName</c>: the subnetwork's pod range.</summary>
    public required string PodRange { get; init; }

    /// <summary><c>ipAllocationPolicy.servicesSecondaryRangeName</c>: the subnetwork's service range.</summary>
    public required string ServiceRange { get; init; }

    public required GkePrivateClusterSpec PrivateCluster { get; init; }

    public required GkeMasterAuthorizedNetworksSpec MasterAuthorizedNetworks { get; init; }

    /// <summary>
    /// <c>controlPlaneEndpointsConfig.dnsEndpointConfig</c>: the DNS-based control-plane endpoint, through which CI and
    /// people reach the cluster with IAM authorization instead of a source-address allow list (GitHub-hosted runners
    /// have no fixed egress address). Never 0.0.0.0/0 on the IP endpoint (CP-01 is unchanged).
    /// </summary>
    public required GkeDnsEndpointSpec DnsEndpoint { get; init; }

    /// <summary><c>datapathProvider</c>: <c>ADVANCED_DATAPATH</c> is Dataplane V2, which enforces NetworkPolicy itself.</summary>
    public required string DatapathProvider { get; init; }

    /// <summary>The legacy Calico network-policy add-on (<c>addonsConfig.networkPolicyConfig</c>, <c>networkPolicy</c>); it must stay off with Dataplane V2.</summary>
    public required bool NetworkPolicyAddon { get; init; }

    /// <summary><c>workloadIdentityConfig.workloadPool</c>: <c>&lt;project&gt;.svc.id.goog</c>.</summary>
    public required string WorkloadPool { get; init; }

    /// <summary><c>releaseChannel.channel</c>.</summary>
    public required string ReleaseChannel { get; init; }

    /// <summary><c>minMasterVersion</c>: the floor the release channel upgrades from.</summary>
    public required string MinMasterVersion { get; init; }

    /// <summary><c>enableShieldedNodes</c>.</summary>
    public required bool EnableShieldedNodes { get; init; }

    /// <summary><c>enableLegacyAbac</c>.</summary>
    public required bool EnableLegacyAbac { get; init; }

    /// <summary><c>enableKubernetesAlpha</c>.</summary>
    public required bool EnableKubernetesAlpha { get; init; }

    /// <summary><c>masterAuth.clientCertificateConfig.issueClientCertificate</c>.</summary>
    public required bool IssueClientCertificate { get; init; }

    /// <summary><c>enableIntranodeVisibility</c>: pod-to-pod traffic on one node goes through the VPC, so flow logs see it.</summary>
    public required bool EnableIntranodeVisibility { get; init; }

    /// <summary><c>databaseEncryption</c>; null when <c>cluster.secretsEncryption</c> is off.</summary>
    public GkeDatabaseEncryptionSpec? DatabaseEncryption { get; init; }

    /// <summary>
    /// Project IAM grants from <c>cluster.admins</c> (<c>roles/container.admin</c>) and <c>cluster.previewers</c>
    /// (<c>roles/container.clusterViewer</c>: fetch credentials; what they may read in the cluster is RBAC's, the
    /// preview ClusterRole). Never the caller of <c>pulumi up</c>.
    /// </summary>
    public IReadOnlyList<GcpIamMemberSpec> IamMembers { get; init => field = ValueList.From(value); } = ValueList.From<GcpIamMemberSpec>([]);

    /// <summary><c>authenticatorGroupsConfig.securityGroup</c>; null leaves it unset (<c>cluster.rbacGroup</c> unset, a test stack only).</summary>
    public string? SecurityGroup { get; init; }

    /// <summary><c>loggingConfig.enableComponents</c>; null leaves GKE's default (system components and workloads, no API server).</summary>
    public IReadOnlyList<string>? LoggingComponents { get; init => field = value is null ? null : ValueList.From(value); }

    /// <summary>The project's <c>_Default</c> log bucket, where Data Access audit logs and the component logs land.</summary>
    public required GcpLogBucketSpec LogBucket { get; init; }

    /// <summary>The provider's <c>deletionProtection</c>.</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>Pulumi <c>protect</c> on the cluster.</summary>
    public required bool Protect { get; init; }

    /// <summary>The key ring of <see cref="Key"/>. Key rings cannot be deleted in Cloud KMS.</summary>
    public required GcpKeyRingSpec KeyRing { get; init; }

    /// <summary>The cluster's key: Secrets and node boot disks.</summary>
    public required GcpCryptoKeySpec Key { get; init; }

    /// <summary>The service account every node runs as (guardrail NODE-03).</summary>
    public required GkeNodeServiceAccountSpec NodeServiceAccount { get; init; }

    /// <summary>Firewall rules the cluster needs beyond GKE's own.</summary>
    public required IReadOnlyList<GcpFirewallSpec> Firewalls { get; init => field = ValueList.From(value); }

    /// <summary>One node pool per planned pool.</summary>
    public required IReadOnlyList<GkeNodePoolSpec> NodePools { get; init => field = ValueList.From(value); }
}

/// <summary><c>privateClusterConfig</c>.</summary>
/// <param name="EnablePrivateNodes">Nodes get internal IPs only.</param>
/// <param name="EnablePrivateEndpoint">The control plane has no public endpoint.</param>
/// <param name="MasterIpv4CidrBlock">The control plane's /28.</param>
public sealed record GkePrivateClusterSpec(bool EnablePrivateNodes, bool EnablePrivateEndpoint, string MasterIpv4CidrBlock);

/// <summary><c>masterAuthorizedNetworksConfig</c>: who may reach the public endpoint.</summary>
/// <param name="CidrBlocks">The allowed ranges.</param>
/// <param name="GcpPublicCidrsAccessEnabled">Whether any Google Cloud public IP (anyone's VM) may reach it too.</param>
public sealed record GkeMasterAuthorizedNetworksSpec(IReadOnlyList<string> CidrBlocks, bool GcpPublicCidrsAccessEnabled)
{
    /// <summary>CidrBlocks, compared by value.</summary>
    public IReadOnlyList<string> CidrBlocks { get; init => field = ValueList.From(value); } = ValueList.From(CidrBlocks);
}

/// <summary><c>databaseEncryption</c>.</summary>
/// <param name="State"><c>ENCRYPTED</c> or <c>DECRYPTED</c>.</param>
/// <param name="KmsKey">The planned key (<see cref="GcpCryptoKeySpec.Name"/>).</param>
public sealed record GkeDatabaseEncryptionSpec(string State, string KmsKey);

/// <summary>A Cloud Logging bucket's settings.</summary>
/// <param name="BucketId">The bucket, e.g. <c>_Default</c>.</param>
/// <param name="Location">Its location, e.g. <c>global</c>.</param>
/// <param name="RetentionDays">How long entries are kept (Cloud Logging: 1 to 3650).</param>
/// <param name="Protect">Pulumi <c>protect</c>.</param>
public sealed record GcpLogBucketSpec(string BucketId, string Location, int RetentionDays, bool Protect);

/// <summary>A Cloud KMS key ring.</summary>
public sealed record GcpKeyRingSpec(string Name, bool Protect);

/// <summary>A Cloud KMS key.</summary>
/// <param name="Name">The key name, which other specs refer to it by.</param>
/// <param name="Purpose">e.g. <c>ENCRYPT_DECRYPT</c>.</param>
/// <param name="RotationPeriodDays">Automatic rotation period; null: never rotated.</param>
/// <param name="Protect">Pulumi <c>protect</c>.</param>
public sealed record GcpCryptoKeySpec(string Name, string Purpose, int? RotationPeriodDays, bool Protect)
{
    /// <summary><see cref="RotationPeriodDays"/> in the API's format, seconds with an <c>s</c> (<c>7776000s</c>); null when never rotated.</summary>
    public string? RotationPeriod => RotationPeriodDays is { } days
        ? (days * 86_400L).ToString(CultureInfo.InvariantCulture) + "s"
        : null;
}

/// <summary>The nodes' service account and the project roles it gets.</summary>
/// <param name="AccountId">The account id, <c>&lt;cluster&gt;-nodes</c>.</param>
/// <param name="Roles">Project roles granted to it.</param>
public sealed record GkeNodeServiceAccountSpec(string AccountId, IReadOnlyList<string> Roles)
{
    /// <summary>Roles, compared by value.</summary>
    public IReadOnlyList<string> Roles { get; init => field = ValueList.From(value); } = ValueList.From(Roles);
}

/// <summary>One VPC firewall rule.</summary>
/// <param name="Name">The rule name.</param>
/// <param name="Direction"><c>INGRESS</c> or <c>EGRESS</c>.</param>
/// <param name="SourceRanges">Where ingress traffic may come from.</param>
/// <param name="TargetTags">The network tags of the instances it applies to.</param>
/// <param name="Allows">What it allows.</param>
/// <param name="Description">Why the rule exists.</param>
public sealed record GcpFirewallSpec(string Name, string Direction, IReadOnlyList<string> SourceRanges, IReadOnlyList<string> TargetTags,
    IReadOnlyList<GcpFirewallAllowSpec> Allows, string Description)
{
    /// <summary>SourceRanges, compared by value.</summary>
    public IReadOnlyList<string> SourceRanges { get; init => field = ValueList.From(value); } = ValueList.From(SourceRanges);

    /// <summary>TargetTags, compared by value.</summary>
    public IReadOnlyList<string> TargetTags { get; init => field = ValueList.From(value); } = ValueList.From(TargetTags);

    /// <summary>Allows, compared by value.</summary>
    public IReadOnlyList<GcpFirewallAllowSpec> Allows { get; init => field = ValueList.From(value); } = ValueList.From(Allows);
}

/// <summary>One <c>allow</c> block of a firewall rule.</summary>
public sealed record GcpFirewallAllowSpec(string Protocol, IReadOnlyList<int> Ports)
{
    /// <summary>Ports, compared by value.</summary>
    public IReadOnlyList<int> Ports { get; init => field = ValueList.From(value); } = ValueList.From(Ports);
}

/// <summary>One GKE node pool.</summary>
public sealed record GkeNodePoolSpec
{
    /// <summary>The planned pool: name, machine type, scaling bounds, disk size.</summary>
    public required NodePoolPlan Pool { get; init; }

    public string Name => Pool.Name;

    /// <summary><c>management.autoRepair</c>.</summary>
    public required bool AutoRepair { get; init; }

    /// <summary><c>management.autoUpgrade</c>.</summary>
    public required bool AutoUpgrade { get; init; }

    /// <summary><c>nodeConfig.imageType</c>.</summary>
    public required string ImageType { get; init; }

    /// <summary><c>nodeConfig.shieldedInstanceConfig.enableSecureBoot</c>.</summary>
    public required bool EnableSecureBoot { get; init; }

    /// <summary><c>nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring</c>.</summary>
    public required bool EnableIntegrityMonitoring { get; init; }

    /// <summary>The service account (planned account id) the nodes run as.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary><c>nodeConfig.oauthScopes</c>.</summary>
    public required IReadOnlyList<string> OauthScopes { get; init => field = ValueList.From(value); }

    /// <summary><c>nodeConfig.workloadMetadataConfig.mode</c>: <c>GKE_METADATA</c> serves pods Workload Identity, not the node's credentials.</summary>
    public required string WorkloadMetadataMode { get; init; }

    /// <summary><c>nodeConfig.bootDiskKmsKey</c>: the planned key; null: Google-managed encryption.</summary>
    public string? BootDiskKmsKey { get; init; }

    /// <summary><c>nodeConfig.tags</c>: network tags firewall rules target.</summary>
    public required IReadOnlyList<string> NetworkTags { get; init => field = ValueList.From(value); }

    /// <summary><c>nodeConfig.metadata</c>.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init => field = ValueDictionaries.From(value); }
}

/// <summary>One project IAM grant (<c>gcp:projects/iAMMember:IAMMember</c>).</summary>
/// <param name="Name">The resource name suffix, unique in the stack (<c>admin-0</c>, <c>preview-0</c>).</param>
/// <param name="Member">The IAM member, e.g. <c>serviceAccount:deploy@p.iam.gserviceaccount.com</c>.</param>
/// <param name="Role">The predefined role.</param>
public sealed record GcpIamMemberSpec(string Name, string Member, string Role);

/// <summary><c>controlPlaneEndpointsConfig.dnsEndpointConfig</c>.</summary>
/// <param name="AllowExternalTraffic">Whether user traffic from outside Google Cloud may use the DNS endpoint (authorized by IAM, <c>container.clusters.connect</c>).</param>
public sealed record GkeDnsEndpointSpec(bool AllowExternalTraffic);

/// <summary>The Google service accounts of the public entry's DNS components (issue 12), scoped to one managed zone.</summary>
/// <param name="ManagedZone">The Cloud DNS managed zone name (<c>ingress.dnsZone</c>).</param>
/// <param name="Identities">cert-manager's and external-dns's, in install order.</param>
public sealed record GcpEdgeIdentitiesSpec(string ManagedZone, IReadOnlyList<GcpAddonIdentitySpec> Identities)
{
    /// <summary>Identities, compared by value.</summary>
    public IReadOnlyList<GcpAddonIdentitySpec> Identities { get; init => field = ValueList.From(value); } = ValueList.From(Identities);

    /// <summary>The identity of the component called <paramref name="component"/>.</summary>
    public GcpAddonIdentitySpec Identity(string component) => Identities.Single(i => i.Component == component);
}

/// <summary>
/// A cluster component's Google service account: impersonable only by its KSA through Workload Identity, granted
/// <see cref="ZoneRoles"/> on the managed zone alone and <see cref="ProjectRoles"/> on the project.
/// </summary>
/// <param name="Component">The component, e.g. <c>cert-manager</c>; the resource name suffix.</param>
/// <param name="AccountId">The account id (<see cref="CloudResourcePlanner.EdgeServiceAccountId"/>).</param>
/// <param name="Project">The project of the account, the workload pool and the zone.</param>
/// <param name="Namespace">The KSA's namespace.</param>
/// <param name="ServiceAccount">The KSA.</param>
/// <param name="ZoneRoles">Roles granted on the managed zone only (<c>gcp:dns/dnsManagedZoneIamMember</c>).</param>
/// <param name="ProjectRoles">Roles granted on the project (<c>gcp:projects/iAMMember</c>); read-only ones only.</param>
public sealed record GcpAddonIdentitySpec(string Component, string AccountId, string Project, string Namespace, string ServiceAccount,
    IReadOnlyList<string> ZoneRoles, IReadOnlyList<string> ProjectRoles)
{
    /// <summary>ZoneRoles, compared by value.</summary>
    public IReadOnlyList<string> ZoneRoles { get; init => field = ValueList.From(value); } = ValueList.From(ZoneRoles);

    /// <summary>ProjectRoles, compared by value.</summary>
    public IReadOnlyList<string> ProjectRoles { get; init => field = ValueList.From(value); } = ValueList.From(ProjectRoles);

    /// <summary>The account's email, which the KSA's <c>iam.gke.io/gcp-service-account</c> annotation names.</summary>
    public string Email => $"{AccountId}@{Project}.iam.gserviceaccount.com";

    /// <summary>The only principal that may impersonate it: <c>serviceAccount:&lt;project&gt;.svc.id.goog[&lt;ns&gt;/&lt;ksa&gt;]</c>.</summary>
    public string WorkloadIdentityMember => $"serviceAccount:{WorkloadIdentities.GcpWorkloadPool(Project)}[{Namespace}/{ServiceAccount}]";

    /// <summary>The account as an IAM member, for the zone and project grants.</summary>
    public string Member => $"serviceAccount:{Email}";
}
