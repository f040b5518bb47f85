using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using static OneQOrder.Platform.Guardrails.CloudEvidence;

namespace OneQOrder.Platform.Guardrails;

public static partial class GuardrailCatalogue
{
    /// <summary>The oldest supported Kubernetes minor (validation accepts 1.30 or newer).</summary>
    private const int MinimumKubernetesMinor = 30;

    /// <summary>AWS managed policies an EKS node may hold (EKS user guide, "Amazon EKS node IAM role"): the kubelet's and image pulls.</summary>
    private static readonly IReadOnlySet<string> LeastPrivilegeEksNodePolicies = new SortedSet<string>(StringComparer.Ordinal)
    {
        "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPullOnly",
    };

    /// <summary>Project roles a GKE node may hold: those of <c>roles/container.defaultNodeServiceAccount</c> (GKE hardening guide).</summary>
    private static readonly IReadOnlySet<string> LeastPrivilegeGkeNodeRoles = new SortedSet<string>(StringComparer.Ordinal)
    {
        "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer",
        "roles/stackdriver.resourceMetadata.writer", "roles/artifactregistry.reader", "roles/autoscaling.metricsWriter",
    };

    /// <summary>OAuth scopes a GKE node may have: cloud-platform (IAM roles are the limit) or GKE's default narrow scopes.</summary>
    private static readonly IReadOnlySet<string> GkeNodeScopes = new SortedSet<string>(StringComparer.Ordinal)
    {
        "https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/devstorage.read_only",
        "https://www.googleapis.com/auth/logging.write", "https://www.googleapis.com/auth/monitoring",
        "https://www.googleapis.com/auth/monitoring.write", "https://www.googleapis.com/auth/servicecontrol",
        "https://www.googleapis.com/auth/service.management.readonly", "https://www.googleapis.com/auth/trace.append",
    };

    /// <summary>GKE release channels that upgrade the cluster (UNSPECIFIED does not).</summary>
    private static readonly IReadOnlySet<string> GkeReleaseChannels = new SortedSet<string>(StringComparer.Ordinal) { "RAPID", "REGULAR", "STABLE", "EXTENDED" };

    /// <summary>The controls the cloud resources implement (network, control plane, nodes, workload identity, cloud audit logs), in catalogue order.</summary>
    /// <remarks>
    /// Every check reads <see cref="GuardrailContext.Resources"/>, the arguments the Pulumi program passes to the
    /// resources, and states the values it read: a wrong value in the plan is a wrong resource and fails here.
    /// </remarks>
    private static List<GuardrailRule> CloudRules() =>
    [
        new(new GuardrailControl
            {
                Id = "NET-01", Catalogue = 1, Layer = GuardrailLayer.Network,
                Title = "Worker nodes in private subnets, no public IPs",
                Sources = ["KB-EKS 5.4.3", "KB-GKE 5.6.5", "EKS-BP hosts \"Deploy workers onto private subnets\"", "PCI 1.3.1", "PCI 1.4.4"],
                Implementation = "resource plan: EKS NodeGroups[].Subnets (planned names the program maps to subnet ids) in private subnets with MapPublicIpOnLaunch=false, launch templates without a network interface block; GKE PrivateCluster.EnablePrivateNodes and the cluster's Subnetwork",
                SettingKeys = ["cluster.publicNodeIps"],
            },
            s => Flag("cluster.publicNodeIps", s.Cluster.PublicNodeIps, required: false),
            c => OnCloud(c, PrivateEksNodes, PrivateGkeNodes)),
        new(new GuardrailControl
            {
                Id = "CP-01", Catalogue = 2, Layer = GuardrailLayer.Cluster,
                Title = "Control-plane endpoint private; public access off or CIDR-restricted",
                Sources = ["KB-EKS 5.4.1", "KB-EKS 5.4.2", "KB-GKE 5.6.3", "KB-GKE 5.6.4", "EKS-BP iam \"Make the EKS Cluster Endpoint private\""],
                Implementation = "resource plan: EKS EndpointPrivateAccess, EndpointPublicAccess, PublicAccessCidrs; GKE PrivateCluster.EnablePrivateEndpoint, MasterAuthorizedNetworks (GcpPublicCidrsAccessEnabled=false)",
                SettingKeys = ["cluster.publicAccessCidrs"],
            },
            s => s.Cluster.PublicAccessCidrs
                .Select((cidr, i) => (cidr, i))
                .Where(x => IsWholeInternet(x.cidr))
                .Select(x => new GuardrailRelaxation($"cluster.publicAccessCidrs[{x.i}]", x.cidr,
                    "no /0 range: leave cluster.publicAccessCidrs empty (private endpoint only) or list the specific CIDRs that may reach the endpoint")),
            c => OnCloud(c,
                aws => Verdict(EndpointEvidence(aws.Cluster.EndpointPublicAccess, aws.Cluster.PublicAccessCidrs),
                    (aws.Cluster.EndpointPrivateAccess, "endpointPrivateAccess=false: nodes reach the API server over the internet"),
                    (!aws.Cluster.EndpointPublicAccess || aws.Cluster.PublicAccessCidrs.Count > 0, "endpointPublicAccess=true without publicAccessCidrs, which EKS reads as 0.0.0.0/0"),
                    (!aws.Cluster.EndpointPublicAccess || !aws.Cluster.PublicAccessCidrs.Any(IsWholeInternet), $"public endpoint open to {Join(aws.Cluster.PublicAccessCidrs)}")),
                gcp => Verdict(EndpointEvidence(!gcp.Cluster.PrivateCluster.EnablePrivateEndpoint, gcp.Cluster.MasterAuthorizedNetworks.CidrBlocks),
                    (!gcp.Cluster.MasterAuthorizedNetworks.GcpPublicCidrsAccessEnabled, "gcpPublicCidrsAccessEnabled=true: any Google Cloud address may reach the endpoint"),
                    (gcp.Cluster.PrivateCluster.EnablePrivateEndpoint || gcp.Cluster.MasterAuthorizedNetworks.CidrBlocks.Count > 0, "enablePrivateEndpoint=false with no authorized networks"),
                    (!gcp.Cluster.MasterAuthorizedNetworks.CidrBlocks.Any(IsWholeInternet), $"public endpoint open to {Join(gcp.Cluster.MasterAuthorizedNetworks.CidrBlocks)}")))),
        new(new GuardrailControl
            {
                Id = "CP-02", Catalogue = 3, Layer = GuardrailLayer.Cluster,
                Title = "NetworkPolicy is enforced by the CNI",
                Sources = ["KB-EKS 4.3.1", "KB-EKS 5.4.4", "KB-GKE 4.3.1", "EKS-BP network L65"],
                Implementation = "resource plan: EKS VpcCni.EnableNetworkPolicy (add-on configurationValues {\"enableNetworkPolicy\":\"true\"}); GKE DatapathProvider=ADVANCED_DATAPATH (Dataplane V2) with NetworkPolicyAddon off",
            },
            NoSetting,
            c => OnCloud(c,
                aws => Verdict("EKS vpc-cni add-on with enableNetworkPolicy=\"true\" enforces NetworkPolicy",
                    (aws.Cluster.VpcCni.EnableNetworkPolicy, "vpc-cni add-on enableNetworkPolicy=\"false\": NetworkPolicies are accepted but not enforced")),
                gcp => Verdict($"datapathProvider={gcp.Cluster.DatapathProvider} (Dataplane V2) enforces NetworkPolicy; the network-policy add-on stays unset",
                    (gcp.Cluster.DatapathProvider == "ADVANCED_DATAPATH", $"datapathProvider={gcp.Cluster.DatapathProvider}: not Dataplane V2, NetworkPolicies are not enforced"),
                    (!gcp.Cluster.NetworkPolicyAddon, "the legacy network-policy add-on is on, which Dataplane V2 does not allow")))),
        new(new GuardrailControl
            {
                Id = "NET-03", Catalogue = 5, Layer = GuardrailLayer.Network,
                Title = "VPC / subnet flow logs (and GKE intranode visibility)",
                Sources = ["KB-GKE 5.6.1", "PCI 10.2.1"],
                Implementation = "resource plan: AWS Network.FlowLog (trafficType ALL, KMS-encrypted log group); GCP Subnetwork.LogConfig and Cluster.EnableIntranodeVisibility",
                SettingKeys = ["network.flowLogs"],
                TestRelaxationReason = "flow logs are a detective control (PCI 10.2.1) for an environment holding cardholder data; a test stack holds none, and flow-log ingestion is billed per GB. Segmentation itself (NET-02, MESH-03) is unchanged",
            },
            s => Flag("network.flowLogs", s.Network.FlowLogs, required: true),
            c => OnCloud(c,
                aws => aws.Network.FlowLog is not { } flow
                    ? Fail($"the VPC {c.Network.Name} has no flow log")
                    : Verdict($"VPC flow log (trafficType={flow.TrafficType}) on {c.Network.Name} to {flow.LogGroup.Name}, kept {flow.LogGroup.RetentionInDays} days, encrypted with KMS key {flow.LogGroup.KmsKey}",
                        (flow.TrafficType == "ALL", $"the VPC flow log records trafficType={flow.TrafficType} only, not ALL"),
                        (aws.Key(flow.LogGroup.KmsKey) is not null, $"flow log group {flow.LogGroup.Name} is not encrypted with a planned KMS key")),
                gcp => gcp.Network.Subnetwork.LogConfig is not { } log
                    ? Fail($"subnetwork {gcp.Network.Subnetwork.Name} has no flow logs (logConfig unset)")
                    : Verdict($"subnetwork flow logs on {gcp.Network.Subnetwork.Name} ({log.AggregationInterval}, sampling {log.FlowSampling.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {log.Metadata}); intranode visibility on",
                        (log.FlowSampling > 0, $"subnetwork {gcp.Network.Subnetwork.Name} samples no flows (flowSampling=0)"),
                        (gcp.Cluster.EnableIntranodeVisibility, "enableIntranodeVisibility=false: pod-to-pod traffic on one node bypasses the flow logs")))),
        new(new GuardrailControl
            {
                Id = "NET-04", Catalogue = 6, Layer = GuardrailLayer.Network,
                Title = "Default security group denies all; no 0.0.0.0/0 SSH or any; no node SSH",
                Sources = ["KB-GKE 5.6.6", "PCI 1.3.1"],
                Implementation = "resource plan: AWS Network.DefaultSecurityGroup with no rules, NodeGroups[].RemoteAccess unset; GCP Cluster.Firewalls, none from a /0 or to SSH",
            },
            NoSetting,
            c => OnCloud(c,
                aws => Verdict($"the VPC's default security group has no rules; no node group has remote access (SSH): {Join(aws.Cluster.NodeGroups.Select(g => g.Name))}",
                [
                    (aws.Network.DefaultSecurityGroup.Ingress.Count == 0 && aws.Network.DefaultSecurityGroup.Egress.Count == 0,
                        $"the default security group has {aws.Network.DefaultSecurityGroup.Ingress.Count} ingress and {aws.Network.DefaultSecurityGroup.Egress.Count} egress rules"),
                    .. aws.Cluster.NodeGroups.Select(g => (g.RemoteAccess is null, $"node group {g.Name} takes SSH with key {g.RemoteAccess?.Ec2SshKey}")),
                ]),
                gcp => Verdict($"firewall rules {Join(gcp.Cluster.Firewalls.Select(f => $"{f.Name} (from {Join(f.SourceRanges)})"))}: none admits a /0 source or SSH; nodes take no SSH",
                [
                    .. gcp.Cluster.Firewalls.SelectMany(f => f.SourceRanges.Where(IsWholeInternet).Select(r => (false, $"firewall {f.Name} admits {r}"))),
                    .. gcp.Cluster.Firewalls.Where(f => f.Allows.Any(OpensSsh)).Select(f => (false, $"firewall {f.Name} opens SSH (tcp 22) from {Join(f.SourceRanges)}")),
                ]))),
        new(new GuardrailControl
            {
                Id = "NET-05", Catalogue = 7, Layer = GuardrailLayer.Network,
                Title = "VPC-native (alias IP) GKE; Private Google Access on the node subnetwork",
                Sources = ["KB-GKE 5.6.2"],
                Implementation = "resource plan: Cluster.NetworkingMode=VPC_NATIVE with PodRange and ServiceRange among Subnetwork.SecondaryRanges, Subnetwork.PrivateIpGoogleAccess=true",
                NotApplicable = [new(Cloud.Aws, "GKE networking modes; on EKS the VPC CNI gives pods VPC addresses natively, and private nodes reach AWS APIs through the NAT gateway")],
            },
            NoSetting,
            c => OnGcp(c, gcp =>
            {
                var subnetwork = gcp.Network.Subnetwork;
                var ranges = subnetwork.SecondaryRanges.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                string Range(string name) => $"{name} {subnetwork.SecondaryRanges.FirstOrDefault(r => r.Name == name)?.Cidr ?? "(no such range)"}";
                return Verdict($"{gcp.Cluster.NetworkingMode}: pods in {Range(gcp.Cluster.PodRange)}, services in {Range(gcp.Cluster.ServiceRange)} of {subnetwork.Name}; Private Google Access on {subnetwork.Name}",
                    (gcp.Cluster.NetworkingMode == "VPC_NATIVE", $"networkingMode={gcp.Cluster.NetworkingMode}, not VPC_NATIVE"),
                    (gcp.Cluster.Subnetwork == subnetwork.Name, $"the cluster's subnetwork {gcp.Cluster.Subnetwork} is not the planned {subnetwork.Name}"),
                    (ranges.Contains(gcp.Cluster.PodRange) && ranges.Contains(gcp.Cluster.ServiceRange) && gcp.Cluster.PodRange != gcp.Cluster.ServiceRange,
                        $"pod range {gcp.Cluster.PodRange} and service range {gcp.Cluster.ServiceRange} are not two secondary ranges of {subnetwork.Name} ({Join(ranges)})"),
                    (subnetwork.PrivateIpGoogleAccess, $"privateIpGoogleAccess=false on {subnetwork.Name}: private nodes cannot reach Google APIs"));
            })),

        new(new GuardrailControl
            {
                Id = "CP-03", Catalogue = 8, Layer = GuardrailLayer.Cluster,
                Title = "Secrets envelope-encrypted with a customer-managed KMS key",
                Sources = ["KB-EKS 5.3.1", "KB-GKE 5.3.1", "EKS-BP data \"Use AWS KMS for envelope encryption\""],
                Implementation = "resource plan: EKS SecretsEncryption{Resources=[secrets], KmsKey} + Key.EnableKeyRotation; GKE DatabaseEncryption{ENCRYPTED, KmsKey} + Key.RotationPeriodDays",
                SettingKeys = ["cluster.secretsEncryption"],
            },
            s => Flag("cluster.secretsEncryption", s.Cluster.SecretsEncryption, required: true),
            c => OnCloud(c,
                aws => aws.Cluster.SecretsEncryption is not { } encryption
                    ? Fail("the EKS cluster has no encryptionConfig: Secrets are not envelope-encrypted")
                    : Verdict($"encryptionConfig resources={Join(encryption.Resources)} with customer-managed AWS KMS key {encryption.KmsKey}, rotation on",
                        (encryption.Resources.Contains("secrets"), $"encryptionConfig covers {Join(encryption.Resources)}, not secrets"),
                        (aws.Key(encryption.KmsKey) is not null, $"encryptionConfig names {encryption.KmsKey}, which is not a planned key"),
                        (aws.Key(encryption.KmsKey)?.EnableKeyRotation != false, $"key {encryption.KmsKey} has rotation off")),
                gcp => gcp.Cluster.DatabaseEncryption is not { } encryption
                    ? Fail("the GKE cluster has no databaseEncryption: Secrets are not envelope-encrypted with a customer key")
                    : Verdict($"databaseEncryption {encryption.State} with Cloud KMS key {encryption.KmsKey}, rotated every {gcp.Cluster.Key.RotationPeriodDays} days",
                        (encryption.State == "ENCRYPTED", $"databaseEncryption state {encryption.State}"),
                        (encryption.KmsKey == gcp.Cluster.Key.Name, $"databaseEncryption names {encryption.KmsKey}, not the planned key {gcp.Cluster.Key.Name}"),
                        (gcp.Cluster.Key.RotationPeriodDays > 0, $"key {gcp.Cluster.Key.Name} is never rotated")))),
        new(new GuardrailControl
            {
                Id = "CP-04", Catalogue = 9, Layer = GuardrailLayer.Cluster,
                Title = "Control-plane audit logs on, retained at least 12 months, KMS-encrypted",
                Sources = ["KB-EKS 2.1.1", "KB-EKS 2.1.2", "KB-GKE 5.7.1", "EKS-BP detective \"Enable audit logs\"", "PCI 10.2.1", "PCI 10.5.1"],
                Implementation = "resource plan: EKS EnabledClusterLogTypes (all five) + ControlPlaneLogGroup /aws/eks/<name>/cluster {RetentionInDays, KmsKey}, pre-created; GKE LoggingComponents (APISERVER included) + LogBucket (the project's _Default bucket: Data Access audit and component logs) RetentionDays; GKE's Admin Activity audit logs go to Cloud Logging's _Required bucket (400 days, fixed)",
                SettingKeys = ["cluster.auditLogs", "cluster.auditLogRetentionDays"],
            },
            s =>
            [
                .. Flag("cluster.auditLogs", s.Cluster.AuditLogs, required: true),
                .. s.Cluster.AuditLogRetentionDays < MinimumAuditLogRetentionDays
                    ? [new GuardrailRelaxation("cluster.auditLogRetentionDays", Text(s.Cluster.AuditLogRetentionDays), $"at least {MinimumAuditLogRetentionDays} days (PCI 10.5.1: 12 months of audit history)")]
                    : Array.Empty<GuardrailRelaxation>(),
            ],
            c => OnCloud(c,
                aws =>
                {
                    var logGroup = aws.Cluster.ControlPlaneLogGroup;
                    var missing = CloudResourcePlanner.EksControlPlaneLogTypes.Except(aws.Cluster.EnabledClusterLogTypes, StringComparer.Ordinal).ToList();
                    return Verdict($"control-plane logs {Join(aws.Cluster.EnabledClusterLogTypes)} to {logGroup.Name}, kept {logGroup.RetentionInDays} days, encrypted with KMS key {logGroup.KmsKey}",
                        (missing.Count == 0, $"enabledClusterLogTypes lacks {Join(missing)}"),
                        (logGroup.Name == $"/aws/eks/{aws.Cluster.Name}/cluster", $"log group {logGroup.Name} is not /aws/eks/{aws.Cluster.Name}/cluster, where EKS writes"),
                        (logGroup.RetentionInDays >= MinimumAuditLogRetentionDays, $"log group {logGroup.Name} keeps {logGroup.RetentionInDays} days, under {MinimumAuditLogRetentionDays}"),
                        (aws.Key(logGroup.KmsKey) is not null, $"log group {logGroup.Name} is not encrypted with a planned KMS key"));
                },
                gcp =>
                {
                    var components = gcp.Cluster.LoggingComponents ?? [];
                    var bucket = gcp.Cluster.LogBucket;
                    return Verdict($"loggingConfig.enableComponents {Join(components)}, kept {bucket.RetentionDays} days in Cloud Logging's {bucket.BucketId} bucket; Admin Activity audit logs kept 400 days in the _Required bucket",
                        (components.Contains("APISERVER"), $"loggingConfig.enableComponents {(components.Count == 0 ? "unset" : Join(components))} lacks APISERVER"),
                        (bucket.BucketId == "_Default", $"retention is set on bucket {bucket.BucketId}, not _Default where the logs land"),
                        (bucket.RetentionDays >= MinimumAuditLogRetentionDays, $"bucket {bucket.BucketId} keeps {bucket.RetentionDays} days, under {MinimumAuditLogRetentionDays}"));
                })),
        new(new GuardrailControl
            {
                Id = "CP-05", Catalogue = 10, Layer = GuardrailLayer.Cluster,
                Title = "Supported Kubernetes version; release channel; node auto-upgrade and auto-repair",
                Sources = ["KB-GKE 5.5.2-5.5.4", "EKS-BP hosts \"Keep your worker node OS updated\"", "PCI 6.3.3"],
                Implementation = "resource plan: EKS KubernetesVersion (validated: 1.30 or newer) + NodeGroups[].NodeRepair (NodeGroup.version/releaseVersion unset: node groups launch the version's latest EKS AMI and are upgraded explicitly); GKE ReleaseChannel, MinMasterVersion + NodePools[].AutoUpgrade, AutoRepair",
            },
            NoSetting,
            c => OnCloud(c,
                aws => Verdict($"Kubernetes {aws.Cluster.KubernetesVersion} pinned; managed node groups launch that version's latest EKS-optimised AMI; node upgrades are explicit (EKS has no node auto-upgrade); node auto repair on ({Join(aws.Cluster.NodeGroups.Select(g => g.Name))})",
                [
                    (Supported(aws.Cluster.KubernetesVersion), $"Kubernetes {aws.Cluster.KubernetesVersion} is older than 1.{MinimumKubernetesMinor}"),
                    (aws.Cluster.NodeGroups.Count > 0, "no node groups planned"),
                    .. aws.Cluster.NodeGroups.Select(g => (g.NodeRepair, $"node group {g.Name} has nodeRepairConfig off")),
                ]),
                gcp => Verdict($"Kubernetes {gcp.Cluster.MinMasterVersion} floor on the {gcp.Cluster.ReleaseChannel} release channel; node auto-upgrade and auto-repair on ({Join(gcp.Cluster.NodePools.Select(p => p.Name))})",
                [
                    (GkeReleaseChannels.Contains(gcp.Cluster.ReleaseChannel), $"release channel {gcp.Cluster.ReleaseChannel} does not upgrade the cluster"),
                    (Supported(gcp.Cluster.MinMasterVersion), $"Kubernetes {gcp.Cluster.MinMasterVersion} is older than 1.{MinimumKubernetesMinor}"),
                    (gcp.Cluster.NodePools.Count > 0, "no node pools planned"),
                    .. gcp.Cluster.NodePools.Select(p => (p.AutoUpgrade && p.AutoRepair, $"node pool {p.Name} has autoUpgrade={Bool(p.AutoUpgrade)}, autoRepair={Bool(p.AutoRepair)}")),
                ]))),
        new(new GuardrailControl
            {
                Id = "CP-06", Catalogue = 11, Layer = GuardrailLayer.Cluster,
                Title = "No legacy auth: client certificates off, ABAC off, no alpha features, no dashboard",
                Sources = ["KB-GKE 5.8.1", "KB-GKE 5.8.3", "KB-GKE 5.10.1", "KB-GKE 5.10.2"],
                Implementation = "resource plan: GKE IssueClientCertificate=false, EnableLegacyAbac=false, EnableKubernetesAlpha=false; the platform installs no dashboard",
                NotApplicable = [new(Cloud.Aws, "GKE settings; EKS offers no client-certificate issuance, legacy ABAC or alpha-cluster option to turn off, and installs no dashboard")],
            },
            NoSetting,
            c => OnGcp(c, gcp => Verdict("issueClientCertificate=false, enableLegacyAbac=false, enableKubernetesAlpha=false; no dashboard add-on",
                (!gcp.Cluster.IssueClientCertificate, "issueClientCertificate=true: GKE issues a client certificate that never expires"),
                (!gcp.Cluster.EnableLegacyAbac, "enableLegacyAbac=true: legacy ABAC grants bypass RBAC"),
                (!gcp.Cluster.EnableKubernetesAlpha, "enableKubernetesAlpha=true: an alpha cluster")))),
        new(new GuardrailControl
            {
                Id = "CP-07", Catalogue = 12, Layer = GuardrailLayer.Cluster,
                Title = "Cluster access through access entries or groups; cluster creator not admin by default",
                Sources = ["KB-EKS 4.1.7", "KB-EKS 5.5.1", "KB-GKE 5.8.2", "EKS-BP iam \"Remove the cluster-admin permissions from the cluster creator principal\""],
                Implementation = "resource plan: EKS AccessConfig{AuthenticationMode=API, BootstrapClusterCreatorAdminPermissions=false}, and one AccessEntry per cluster.admins/cluster.previewers principal (admins with AmazonEKSClusterAdminPolicy); GKE SecurityGroup (authenticatorGroupsConfig.securityGroup) = cluster.rbacGroup",
                SettingKeys = ["cluster.rbacGroup"],
                TestRelaxationReason = "Google Groups for RBAC needs the organisation's gke-security-groups@<domain> group, which a test project may not have; without it GKE access is granted per Google account through project IAM roles instead of through groups bound by RoleBindings. A test stack holds no cardholder data, and the EKS side is unaffected",
            },
            // GKE only: the group names the organisation's own Google Group, so it has no default and its absence relaxes the control.
            s => s.Cloud == Cloud.Gcp && s.Cluster.RbacGroup is null
                ? [new GuardrailRelaxation("cluster.rbacGroup", null, SettingValues.RbacGroupExpected)]
                : [],
            c => OnCloud(c,
                aws => Verdict($"authentication mode {aws.Cluster.AccessConfig.AuthenticationMode} with explicit access entries; bootstrapClusterCreatorAdminPermissions=false: cluster-admin is the access entries of cluster.admins",
                    (aws.Cluster.AccessConfig.AuthenticationMode == "API", $"authenticationMode={aws.Cluster.AccessConfig.AuthenticationMode}: the aws-auth ConfigMap still grants access"),
                    (!aws.Cluster.AccessConfig.BootstrapClusterCreatorAdminPermissions, "bootstrapClusterCreatorAdminPermissions=true: whoever creates the cluster is cluster-admin implicitly")),
                gcp => gcp.Cluster.SecurityGroup is not { } group
                    ? Fail("the GKE cluster has no authenticatorGroupsConfig.securityGroup (cluster.rbacGroup)")
                    : Verdict($"access through Google Groups for RBAC: authenticatorGroupsConfig.securityGroup={group}",
                        (group.StartsWith("gke-security-groups@", StringComparison.Ordinal), $"authenticatorGroupsConfig.securityGroup={group}: GKE accepts only gke-security-groups@<domain>")))),
        new(new GuardrailControl
            {
                Id = "CP-08", Catalogue = 13, Layer = GuardrailLayer.Cluster,
                Title = "Deletion protection on the cluster",
                Sources = ["pulumi-gcp#1394", "aws.eks.Cluster deletionProtection (provider docstring)"],
                Implementation = "resource plan: the cluster's DeletionProtection, Protect on the cluster, KMS keys, network (and GKE key ring, subnetwork, log bucket), and KubernetesProvider.DeleteUnreachable off in production",
                SettingKeys = ["cluster.deletionProtection"],
                TestRelaxationReason = "a test stack is destroyed and recreated with `pulumi destroy`/`pulumi up` and holds no data that must outlive it; protection only blocks deletion, it secures nothing at runtime",
            },
            s => Flag("cluster.deletionProtection", s.Cluster.DeletionProtection, required: true),
            c => OnCloud(c,
                aws => DeletionProtected(c, aws, aws.Cluster.DeletionProtection),
                gcp => DeletionProtected(c, gcp, gcp.Cluster.DeletionProtection))),

        new(new GuardrailControl
            {
                Id = "NODE-01", Catalogue = 14, Layer = GuardrailLayer.Node,
                Title = "IMDSv2 required, hop limit 1",
                Sources = ["EKS-BP iam \"Restrict access to the instance profile assigned to the worker node\""],
                Implementation = "resource plan: NodeGroups[].LaunchTemplate.MetadataOptions{HttpEndpoint=enabled, HttpTokens=required, HttpPutResponseHopLimit=1}",
                NotApplicable = [new(Cloud.Gcp, "EC2 instance metadata setting; GKE nodes hide their credentials behind the GKE metadata server (NODE-02)")],
            },
            NoSetting,
            c => OnAws(c, aws => Verdict($"every node group's launch template ({Join(aws.Cluster.NodeGroups.Select(g => g.Name))}) requires IMDSv2 tokens (httpTokens=required) with hop limit 1: pods cannot reach the node role",
            [
                (aws.Cluster.NodeGroups.Count > 0, "no node groups planned"),
                .. aws.Cluster.NodeGroups.Select(g => (g.LaunchTemplate.MetadataOptions is var m && (m.HttpEndpoint == "disabled" || (m.HttpTokens == "required" && m.HttpPutResponseHopLimit == 1)),
                    $"node group {g.Name}: httpEndpoint={g.LaunchTemplate.MetadataOptions.HttpEndpoint}, httpTokens={g.LaunchTemplate.MetadataOptions.HttpTokens}, hop limit {g.LaunchTemplate.MetadataOptions.HttpPutResponseHopLimit}")),
            ]))),
        new(new GuardrailControl
            {
                Id = "NODE-02", Catalogue = 15, Layer = GuardrailLayer.Node,
                Title = "GKE metadata server and Workload Identity on the nodes",
                Sources = ["KB-GKE 5.4.1", "KB-GKE 5.2.2"],
                Implementation = "resource plan: Cluster.WorkloadPool=<project>.svc.id.goog, NodePools[].WorkloadMetadataMode=GKE_METADATA and metadata disable-legacy-endpoints=true",
                NotApplicable = [new(Cloud.Aws, "GKE setting; on EKS IMDSv2 with hop limit 1 (NODE-01) keeps pods from the node's credentials and Pod Identity (WI-01) gives them their own")],
            },
            NoSetting,
            c => OnGcp(c, gcp =>
            {
                var pool = WorkloadIdentities.GcpWorkloadPool(c.Settings.Provider is GcpProviderSettings provider ? provider.Project : "<project>");
                return Verdict($"workload pool {gcp.Cluster.WorkloadPool}; node metadata mode GKE_METADATA, legacy metadata endpoints disabled ({Join(gcp.Cluster.NodePools.Select(p => p.Name))})",
                [
                    (gcp.Cluster.WorkloadPool == pool, $"workloadPool {gcp.Cluster.WorkloadPool} is not the project's pool {pool}"),
                    (gcp.Cluster.NodePools.Count > 0, "no node pools planned"),
                    .. gcp.Cluster.NodePools.Select(p => (p.WorkloadMetadataMode == "GKE_METADATA", $"node pool {p.Name} has workloadMetadataConfig.mode={p.WorkloadMetadataMode}: pods reach the node's credentials")),
                    .. gcp.Cluster.NodePools.Select(p => (p.Metadata.GetValueOrDefault("disable-legacy-endpoints") == "true", $"node pool {p.Name} serves the legacy metadata endpoints")),
                ]);
            })),
        new(new GuardrailControl
            {
                Id = "NODE-03", Catalogue = 16, Layer = GuardrailLayer.Node,
                Title = "Least-privilege node identity (not the default compute service account; ECR read-only)",
                Sources = ["KB-GKE 5.2.1", "KB-EKS 5.1.3", "EKS-BP iam \"Update the aws-node daemonset to use IRSA\""],
                Implementation = "resource plan: EKS NodeRole.ManagedPolicies (worker node and ECR read-only only; the CNI's policy on VpcCni.Role); GKE NodeServiceAccount{AccountId, Roles} that every NodePools[].ServiceAccount names, and NodePools[].OauthScopes",
            },
            NoSetting,
            c => OnCloud(c,
                aws =>
                {
                    var extra = aws.Cluster.NodeRole.ManagedPolicies.Where(p => !LeastPrivilegeEksNodePolicies.Contains(p)).ToList();
                    return Verdict($"nodes assume a dedicated role with {Join(aws.Cluster.NodeRole.ManagedPolicies)} only; the VPC CNI ({aws.Cluster.VpcCni.ServiceAccount}) uses its own role with {Join(aws.Cluster.VpcCni.Role.ManagedPolicies)}",
                        (extra.Count == 0, $"the node role also holds {Join(extra)}, which every pod on the node can use"));
                },
                gcp =>
                {
                    var account = gcp.Cluster.NodeServiceAccount;
                    var extraRoles = account.Roles.Where(r => !LeastPrivilegeGkeNodeRoles.Contains(r)).ToList();
                    return Verdict($"nodes run as the dedicated service account {account.AccountId} with {Join(account.Roles)} only; oauth scopes {Join(gcp.Cluster.NodePools.SelectMany(p => p.OauthScopes).Distinct())}",
                    [
                        (extraRoles.Count == 0, $"the node service account {account.AccountId} also holds {Join(extraRoles)}"),
                        .. gcp.Cluster.NodePools.Select(p => (p.ServiceAccount == account.AccountId, $"node pool {p.Name} runs as {p.ServiceAccount}, not the dedicated {account.AccountId}")),
                        .. gcp.Cluster.NodePools.Select(p => (p.OauthScopes.All(GkeNodeScopes.Contains), $"node pool {p.Name} has oauth scopes {Join(p.OauthScopes.Where(s => !GkeNodeScopes.Contains(s)))}")),
                    ]);
                })),
        new(new GuardrailControl
            {
                Id = "NODE-04", Catalogue = 17, Layer = GuardrailLayer.Node,
                Title = "Shielded nodes with secure boot and integrity monitoring, COS_CONTAINERD",
                Sources = ["KB-GKE 5.5.1", "KB-GKE 5.5.5-5.5.7"],
                Implementation = "resource plan: Cluster.EnableShieldedNodes, NodePools[]{EnableSecureBoot, EnableIntegrityMonitoring, ImageType=COS_CONTAINERD}",
                NotApplicable = [new(Cloud.Aws, "Shielded VM and Container-Optimized OS are GCE features; EKS managed node groups run the EKS-optimised AMI, which has no equivalent setting in the catalogue")],
            },
            NoSetting,
            c => OnGcp(c, gcp => Verdict($"shielded nodes; secure boot and integrity monitoring on, image {Join(gcp.Cluster.NodePools.Select(p => p.ImageType).Distinct())} ({Join(gcp.Cluster.NodePools.Select(p => p.Name))})",
            [
                (gcp.Cluster.EnableShieldedNodes, "enableShieldedNodes=false"),
                (gcp.Cluster.NodePools.Count > 0, "no node pools planned"),
                .. gcp.Cluster.NodePools.Select(p => (p.EnableSecureBoot && p.EnableIntegrityMonitoring,
                    $"node pool {p.Name} has secure boot {OnOff(p.EnableSecureBoot)}, integrity monitoring {OnOff(p.EnableIntegrityMonitoring)}")),
                .. gcp.Cluster.NodePools.Select(p => (p.ImageType == "COS_CONTAINERD", $"node pool {p.Name} runs image {p.ImageType}, not COS_CONTAINERD")),
            ]))),
        new(new GuardrailControl
            {
                Id = "NODE-05", Catalogue = 18, Layer = GuardrailLayer.Node,
                Title = "Node boot disks encrypted with a customer-managed key",
                Sources = ["KB-GKE 5.9.2"],
                Implementation = "resource plan: EKS NodeGroups[].LaunchTemplate.RootVolume{DeviceName (the AMI's root device), Encrypted, KmsKey}; GKE NodePools[].BootDiskKmsKey",
            },
            NoSetting,
            c => OnCloud(c,
                aws => Verdict($"root volumes ({Join(aws.Cluster.NodeGroups.Select(g => $"{g.Name} {g.LaunchTemplate.RootVolume.SizeGb} GB on {g.LaunchTemplate.RootVolume.DeviceName}"))}) EBS-encrypted with KMS key {Join(aws.Cluster.NodeGroups.Select(g => g.LaunchTemplate.RootVolume.KmsKey ?? "none").Distinct())}",
                [
                    (aws.Cluster.NodeGroups.Count > 0, "no node groups planned"),
                    .. aws.Cluster.NodeGroups.Select(g => (g.LaunchTemplate.RootVolume.Encrypted && aws.Key(g.LaunchTemplate.RootVolume.KmsKey) is not null,
                        $"node group {g.Name}: root volume encrypted={Bool(g.LaunchTemplate.RootVolume.Encrypted)}, KMS key {g.LaunchTemplate.RootVolume.KmsKey ?? "none"}")),
                    .. aws.Cluster.NodeGroups.Select(g => (RootDevice(g.AmiType) == g.LaunchTemplate.RootVolume.DeviceName,
                        $"node group {g.Name}: the encrypted volume maps {g.LaunchTemplate.RootVolume.DeviceName}, but {g.AmiType} boots from {RootDevice(g.AmiType) ?? "an unknown device"}")),
                ]),
                gcp => Verdict($"boot disks ({Join(gcp.Cluster.NodePools.Select(p => $"{p.Name} {p.Pool.DiskSizeGb} GB"))}) encrypted with Cloud KMS key {gcp.Cluster.Key.Name}",
                [
                    (gcp.Cluster.NodePools.Count > 0, "no node pools planned"),
                    .. gcp.Cluster.NodePools.Select(p => (p.BootDiskKmsKey == gcp.Cluster.Key.Name, $"node pool {p.Name}: bootDiskKmsKey {p.BootDiskKmsKey ?? "unset (Google-managed encryption)"}")),
                ]))),

        new(new GuardrailControl
            {
                Id = "WI-01", Catalogue = 19, Layer = GuardrailLayer.WorkloadIdentity,
                Title = "One cloud role per service, trust scoped to its namespace and ServiceAccount",
                Sources = ["KB-EKS 5.2.1", "KB-GKE 5.2.2", "EKS-BP iam \"Use one IAM role per application\"", "EKS-BP iam \"Scope the IAM Role trust policy…\""],
                Implementation = "resource plan: one identity per service named oneq-<stack>-<service> (validation rejects a pair over the cloud's name limit). EKS PodIdentities + PodIdentityTrust (EksPodIdentities: IAM role trusted only by pods.eks.amazonaws.com + PodIdentityAssociation{namespace, serviceAccount} per service, with the eks-pod-identity-agent add-on); GKE WorkloadIdentities (GkeWorkloadIdentities: service account per service with roles/iam.workloadIdentityUser only for the cluster's <project>.svc.id.goog[<ns>/<ksa>] + rendered KSA annotation iam.gke.io/gcp-service-account). No permissions granted: service teams attach their own",
            },
            NoSetting,
            c => OnCloud(c,
                aws => Verdict($"one IAM role per service through EKS Pod Identity, trusted only by {aws.PodIdentityTrust.Service} and handed out by one association each: {Join(aws.PodIdentities.Select(i => $"{i.RoleName} → {i.Namespace}/{i.ServiceAccount}"))}",
                [
                    .. OneIdentityPerService(c, aws.PodIdentities, i => i.RoleName),
                    (aws.PodIdentityTrust.Service == AwsPodIdentity.TrustedService,
                        $"service roles trust {aws.PodIdentityTrust.Service}, not the Pod Identity agent ({AwsPodIdentity.TrustedService}) that honours the associations"),
                ]),
                gcp => Verdict($"one GCP service account per service, impersonable ({GcpWorkloadIdentity.Role}) only by its KSA in {gcp.Cluster.WorkloadPool}: {Join(gcp.WorkloadIdentities.Select(i => $"{i.Email} → {i.Namespace}/{i.ServiceAccount}"))}; KSAs annotated {GcpWorkloadIdentity.AnnotationKey}",
                [
                    .. OneIdentityPerService(c, gcp.WorkloadIdentities, i => i.AccountId),
                    .. gcp.WorkloadIdentities.Select(i => (i.WorkloadPool == gcp.Cluster.WorkloadPool,
                        $"{i.Email} is impersonable by {i.Member}, outside the cluster's workload pool {gcp.Cluster.WorkloadPool}")),
                    .. gcp.WorkloadIdentities.Select(i => (i.AccountId != gcp.Cluster.NodeServiceAccount.AccountId,
                        $"{i.Tenant.Name} would act as the nodes' service account {i.AccountId}")),
                ]))),

        new(new GuardrailControl
            {
                Id = "MESH-06", Catalogue = 30, Layer = GuardrailLayer.Mesh,
                Title = "Private GKE: firewall rule from the control-plane range to the Linkerd webhook ports",
                Sources = ["linkerd.io/2/reference/cluster-configuration", "beclab/Olares PR#3785"],
                Implementation = "resource plan: a Cluster.Firewalls rule {INGRESS, SourceRanges=[PrivateCluster.MasterIpv4CidrBlock], TargetTags = the node pools' NetworkTags, tcp 8089, 8443, 9443 (ClusterPlan.LinkerdWebhookPorts)}",
                NotApplicable = [new(Cloud.Aws, "the EKS cluster security group lets the control plane reach managed nodes on every port (EKS security group requirements), so the webhooks need no extra rule as long as node groups keep that group")],
            },
            NoSetting,
            c => OnGcp(c, gcp =>
            {
                var controlPlane = gcp.Cluster.PrivateCluster.MasterIpv4CidrBlock;
                var rule = gcp.Cluster.Firewalls.FirstOrDefault(f => OpensWebhooks(f, controlPlane, gcp.Cluster.NodePools));
                return rule is null
                    ? Fail($"no ingress firewall rule admits the control plane ({controlPlane}) to every node pool on tcp {Join(ClusterPlan.LinkerdWebhookPorts)}; rules: {(gcp.Cluster.Firewalls.Count == 0 ? "none" : Join(gcp.Cluster.Firewalls.Select(Describe)))}")
                    : new GuardrailCheck(true, $"firewall {Describe(rule)}");
            })),
        new(new GuardrailControl
            {
                Id = "MON-04", Catalogue = 35, Layer = GuardrailLayer.Monitoring,
                Title = "Cloud audit logs, not Prometheus, hold the 12-month records",
                Sources = ["PCI 10.5.1", "kube-prometheus-stack prometheus.prometheusSpec.retention: 10d"],
                Implementation = "resource plan: the audit log's store (EKS ControlPlaneLogGroup.RetentionInDays with the audit log type; GKE LogBucket.RetentionDays with APISERVER logged) vs monitoring.retention; Prometheus holds operational metrics only",
            },
            NoSetting,
            c => OnCloud(c,
                aws => AuditRecord(c, aws.Cluster.EnabledClusterLogTypes.Contains("audit"), $"CloudWatch log group {aws.Cluster.ControlPlaneLogGroup.Name}", aws.Cluster.ControlPlaneLogGroup.RetentionInDays),
                gcp => AuditRecord(c, gcp.Cluster.LoggingComponents?.Contains("APISERVER") == true, $"Cloud Logging's {gcp.Cluster.LogBucket.BucketId} bucket", gcp.Cluster.LogBucket.RetentionDays))),
    ];

    // ── Checks shared by several controls ─────────────────────────────────────────────────────────

    /// <summary>NET-01 on EKS: every node group joins only private subnets, and nothing gives its nodes a public IP.</summary>
    private static GuardrailCheck PrivateEksNodes(AwsResourcePlan aws)
    {
        var groups = aws.Cluster.NodeGroups;
        List<(bool, string)> conditions = [(groups.Count > 0, "no node groups planned")];
        foreach (var group in groups)
        {
            conditions.Add((group.Subnets.Count > 0, $"node group {group.Name} names no subnets"));
            foreach (var name in group.Subnets)
            {
                if (aws.Network.Subnet(name) is not { } subnet)
                {
                    conditions.Add((false, $"node group {group.Name} joins {name}, which the network does not plan"));
                    continue;
                }

                var publicIp = group.LaunchTemplate.AssociatePublicIpAddress ?? subnet.MapPublicIpOnLaunch;
                conditions.Add((subnet.Plan.Role == SubnetRole.Private, $"node group {group.Name} joins {subnet.Plan.Role.ToString().ToLowerInvariant()} subnet {name}"));
                conditions.Add((!publicIp, $"node group {group.Name} gets public IPs in {name} (subnet mapPublicIpOnLaunch={Bool(subnet.MapPublicIpOnLaunch)}, launch template associatePublicIpAddress={(group.LaunchTemplate.AssociatePublicIpAddress is { } a ? Bool(a) : "unset")})"));
            }
        }

        return Verdict($"node groups join only private subnets with mapPublicIpOnLaunch=false, through launch templates without a network interface block: {Join(groups.Select(g => $"{g.Name} in {Join(g.Subnets)}"))}",
            [.. conditions]);
    }

    /// <summary>NET-01 on GKE: private nodes, in the planned node subnetwork (node pools inherit the cluster's).</summary>
    private static GuardrailCheck PrivateGkeNodes(GcpResourcePlan gcp)
    {
        var subnetwork = gcp.Network.Subnetwork;
        return Verdict($"private nodes (enablePrivateNodes=true) in subnetwork {gcp.Cluster.Subnetwork}, which every node pool inherits ({Join(gcp.Cluster.NodePools.Select(p => p.Name))})",
            (gcp.Cluster.PrivateCluster.EnablePrivateNodes, "enablePrivateNodes=false: nodes get public IPs"),
            (gcp.Cluster.Subnetwork == subnetwork.Name && subnetwork.Plan.Role == SubnetRole.Nodes,
                $"the cluster's subnetwork {gcp.Cluster.Subnetwork} is not the planned node subnetwork {subnetwork.Name}"));
    }

    /// <summary>CP-08 on both clouds: provider deletion protection, Pulumi protect on every stateful resource, and no dropped state in production.</summary>
    private static GuardrailCheck DeletionProtected(GuardrailContext c, CloudResourcePlan resources, bool deletionProtection)
    {
        var unprotected = resources.Protection.Where(p => !p.Protect).Select(p => p.Resource).ToList();
        var deleteUnreachable = resources.KubernetesProvider.DeleteUnreachable;
        return Verdict($"provider deletionProtection=true on the cluster; Pulumi protect on {Join(resources.Protection.Select(p => p.Resource))}; Kubernetes provider deleteUnreachable={Bool(deleteUnreachable)}",
            (deletionProtection, "the cluster has deletionProtection=false"),
            (unprotected.Count == 0, $"not protected in Pulumi: {Join(unprotected)}"),
            (!deleteUnreachable || !c.Settings.IsProduction, "the Kubernetes provider drops unreachable resources from state (deleteUnreachable=true) in a production stack"));
    }

    /// <summary>MON-04 on both clouds: the control-plane audit log is on and its store keeps 12 months; Prometheus is not the record.</summary>
    private static GuardrailCheck AuditRecord(GuardrailContext c, bool audited, string store, int days) =>
        GuardrailCheck.When(audited && days >= MinimumAuditLogRetentionDays,
            $"Prometheus keeps {c.Settings.Monitoring.Retention} of metrics; the 12-month record is the control-plane audit log, kept {days} days in {store} (CP-04)",
            $"no cloud log holds 12 months: audit log {OnOff(audited)}, kept {days} days in {store}; Prometheus keeps {c.Settings.Monitoring.Retention}");

    /// <summary>The pass text of CP-01 on both clouds.</summary>
    private static string EndpointEvidence(bool publicEndpoint, IReadOnlyList<string> cidrs) => publicEndpoint
        ? $"private endpoint on; public endpoint limited to {Join(cidrs)}"
        : "private endpoint only; no public access";

    /// <summary>
    /// WI-01: every service has exactly one identity, and no two services share one. <paramref name="nameOf"/> reads
    /// the name the program gives the cloud identity (the role name, the account id).
    /// </summary>
    private static IEnumerable<(bool, string)> OneIdentityPerService<T>(GuardrailContext c, IReadOnlyList<T> identities, Func<T, string> nameOf)
        where T : WorkloadIdentity
    {
        var services = c.Settings.Services.Select(s => s.Name).ToList();
        foreach (var service in services)
        {
            var count = identities.Count(i => i.Tenant.Name == service);
            yield return (count == 1, $"service {service} has {count} cloud identities, not one");
        }

        foreach (var stray in identities.Where(i => !services.Contains(i.Tenant.Name)))
        {
            yield return (false, $"identity {nameOf(stray)} belongs to no service ({stray.Tenant.Name})");
        }

        foreach (var shared in identities.GroupBy(nameOf, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return (false, $"{shared.Key} is shared by {Join(shared.Select(i => i.Tenant.Name))}");
        }
    }

    /// <summary>MESH-06: an ingress rule from the control plane to every node pool, on every Linkerd webhook port.</summary>
    private static bool OpensWebhooks(GcpFirewallSpec rule, string controlPlane, IReadOnlyList<GkeNodePoolSpec> pools) =>
        rule.Direction == "INGRESS"
        && rule.SourceRanges.Contains(controlPlane)
        && (rule.TargetTags.Count == 0 || pools.All(p => p.NetworkTags.Any(rule.TargetTags.Contains)))
        && ClusterPlan.LinkerdWebhookPorts.All(port => rule.Allows.Any(a => a.Protocol is "tcp" or "all" && (a.Ports.Count == 0 || a.Ports.Contains(port))));

    /// <summary>A firewall rule allows SSH when it admits tcp 22: by port, by an empty port list (all ports), or by protocol all.</summary>
    private static bool OpensSsh(GcpFirewallAllowSpec allow) =>
        allow.Protocol == "all" || (allow.Protocol == "tcp" && (allow.Ports.Count == 0 || allow.Ports.Contains(22)));

    private static string Describe(GcpFirewallSpec rule) =>
        $"{rule.Name} ({rule.Direction.ToLowerInvariant()}) from {Join(rule.SourceRanges)} to nodes tagged {(rule.TargetTags.Count == 0 ? "(all)" : Join(rule.TargetTags))} on {Join(rule.Allows.Select(a => $"{a.Protocol} {(a.Ports.Count == 0 ? "all ports" : Join(a.Ports))}"))}";

    /// <summary>The root device of an EKS AMI family: Amazon Linux boots from <c>/dev/xvda</c>; null when unknown.</summary>
    private static string? RootDevice(string amiType) =>
        amiType.StartsWith("AL2023_", StringComparison.Ordinal) || amiType.StartsWith("AL2_", StringComparison.Ordinal) ? "/dev/xvda" : null;

    /// <summary>A <c>major.minor</c> version at least 1.<see cref="MinimumKubernetesMinor"/>.</summary>
    private static bool Supported(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 2 && parts[0] == "1"
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            && minor >= MinimumKubernetesMinor;
    }
}

/// <summary>
/// How the cloud controls turn the values they read into a verdict: pass with the evidence, or fail naming every value
/// that breaks the control; and which cloud's resource plan a check reads.
/// </summary>
internal static class CloudEvidence
{
    /// <summary>Pass with <paramref name="evidence"/> when every condition holds; otherwise fail, naming each that does not.</summary>
    public static GuardrailCheck Verdict(string evidence, params (bool Holds, string Problem)[] conditions) =>
        GuardrailCheck.FromProblems(conditions.Where(x => !x.Holds).Select(x => x.Problem).ToList(), evidence);

    public static GuardrailCheck Fail(string detail) => new(false, detail);

    /// <summary>The check of the stack's cloud; a resource plan of neither cloud fails.</summary>
    public static GuardrailCheck OnCloud(GuardrailContext c, Func<AwsResourcePlan, GuardrailCheck> aws, Func<GcpResourcePlan, GuardrailCheck> gcp) =>
        c.Resources switch
        {
            AwsResourcePlan plan when c.Settings.Cloud == Cloud.Aws => aws(plan),
            GcpResourcePlan plan when c.Settings.Cloud == Cloud.Gcp => gcp(plan),
            _ => Fail($"the resource plan is for {CloudNames.Of(c.Resources.Cloud)}, the stack for {CloudNames.Of(c.Settings.Cloud)}"),
        };

    public static GuardrailCheck OnAws(GuardrailContext c, Func<AwsResourcePlan, GuardrailCheck> aws) =>
        OnCloud(c, aws, _ => Fail("an EKS control checked against a GKE resource plan"));

    public static GuardrailCheck OnGcp(GuardrailContext c, Func<GcpResourcePlan, GuardrailCheck> gcp) =>
        OnCloud(c, _ => Fail("a GKE control checked against an EKS resource plan"), gcp);

    public static string Join<T>(IEnumerable<T> values) => string.Join(", ", values);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string OnOff(bool value) => value ? "on" : "off";
}
