using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.ClusterAccess;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.CloudResources;

/// <summary>
/// Decides the guardrail-bearing arguments of a stack's cloud resources from its settings and the network and cluster
/// plans. Pure; call it on validated settings. Each value cites the guardrail it carries.
/// </summary>
public static class CloudResourcePlanner
{
    /// <summary>EKS control-plane log types (EKS user guide, "Send control plane logs to CloudWatch Logs"): all of them (CP-04).</summary>
    public static readonly IReadOnlyList<string> EksControlPlaneLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    /// <summary>
    /// What an EKS node needs (NODE-03; EKS user guide, "Amazon EKS node IAM role"). The VPC CNI's
    /// AmazonEKS_CNI_Policy goes to its own role through Pod Identity instead (EKS best practices, "Update the aws-node
    /// daemonset to use IRSA").
    /// </summary>
    public static readonly IReadOnlyList<string> EksNodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"];

    /// <summary>
    /// What a GKE node needs to ship logs and metrics and pull images, and nothing else (NODE-03; GKE hardening guide,
    /// "Use least privilege Google service accounts").
    /// </summary>
    public static readonly IReadOnlyList<string> GkeNodeRoles =
    [
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
        "roles/monitoring.viewer",
        "roles/stackdriver.resourceMetadata.writer",
        "roles/artifactregistry.reader",
    ];

    /// <summary>GKE control-plane components logged to Cloud Logging, the API server (audit) included (CP-04).</summary>
    public static readonly IReadOnlyList<string> GkeLoggingComponents = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];

    /// <summary>Cloud KMS rotation of the GKE key (CP-03).</summary>
    public const int GkeKeyRotationDays = 90;

    /// <summary>KMS keys scheduled for deletion stay recoverable this long (the maximum, AWS KMS docs "Deleting keys").</summary>
    public const int AwsKeyDeletionWindowDays = 30;

    /// <summary>The AMI family of EKS node groups on x86_64 instances; AL2023 EKS AMIs boot from <c>/dev/xvda</c>.</summary>
    public const string EksAmiType = "AL2023_x86_64_STANDARD";

    /// <summary>The AMI family on Graviton (arm64) instances: EKS refuses an x86_64 AMI type for them and the reverse (EKS API AmiTypes, botocore eks service-2.json).</summary>
    public const string EksArmAmiType = "AL2023_ARM_64_STANDARD";

    /// <summary>The AMI type that matches <paramref name="instanceType"/>'s architecture.</summary>
    public static string EksAmiTypeFor(string instanceType) =>
        MachineTypeCatalogue.IsArm(Cloud.Aws, instanceType) ? EksArmAmiType : EksAmiType;

    private const string EksRootDevice = "/dev/xvda";

    /// <summary>
    /// The EBS CSI driver's managed policy. It lives under the <c>service-role/</c> path
    /// (<c>arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy</c>; EKS user guide, "Amazon EBS CSI driver").
    /// </summary>
    public const string EbsCsiDriverPolicy = "service-role/AmazonEBSCSIDriverPolicy";

    /// <summary>The ServiceAccount of the EBS CSI controller, which the add-on's Pod Identity association names.</summary>
    public const string EbsCsiControllerServiceAccount = "ebs-csi-controller-sa";

    /// <summary>Cluster Autoscaler's ServiceAccount (the chart's <c>rbac.serviceAccount.name</c>, set to this).</summary>
    public const string ClusterAutoscalerServiceAccount = "cluster-autoscaler";

    /// <summary>
    /// The tag key of Cluster Autoscaler's auto-discovery that names the cluster (cluster-autoscaler
    /// cloudprovider/aws/README.md, "Auto-Discovery Setup"; chart values <c>autoDiscovery.tags</c>); EKS puts it, with
    /// <c>k8s.io/cluster-autoscaler/enabled</c>, on a managed node group's Auto Scaling group itself (EKS user guide,
    /// "Managed node groups": "tagged for auto-discovery by the Kubernetes Cluster Autoscaler").
    /// </summary>
    public static string AutoscalerClusterTag(string cluster) => $"k8s.io/cluster-autoscaler/{cluster}";

    /// <summary>The auto-discovery tag that opts a group in.</summary>
    public const string AutoscalerEnabledTag = "k8s.io/cluster-autoscaler/enabled";

    /// <summary>The cloud-platform scope, with IAM roles as the real limit (GKE docs, "Use least privilege service accounts").</summary>
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Plans the resources of the stack's cloud.</summary>
    public static CloudResourcePlan Plan(ValidatedSettings validated, NetworkPlan network, ClusterPlan cluster, IReadOnlyList<WorkloadIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(identities);

        // Test stacks only: destroying a test stack whose cluster went first must not hang on unreachable objects.
        var provider = new KubernetesProviderSpec(DeleteUnreachable: !settings.IsProduction);
        return (settings.Provider, network, cluster) switch
        {
            (GcpProviderSettings gcp, GcpNetworkPlan gcpNetwork, GkeClusterPlan gke) =>
                PlanGcp(gcp, gcpNetwork, gke, identities.Cast<GcpWorkloadIdentity>().ToList(), provider, settings.Cluster),
            (AwsProviderSettings, AwsNetworkPlan, EksClusterPlan) => PlanAws(settings, network, cluster, identities.Cast<AwsPodIdentity>().ToList(), provider),
            _ => throw new ArgumentException($"a {network.Cloud} network plan for a {settings.Cloud} stack", nameof(network)),
        };
    }

    private static AwsResourcePlan PlanAws(StackSettings settings, NetworkPlan network, ClusterPlan cluster,
        IReadOnlyList<AwsPodIdentity> identities, KubernetesProviderSpec provider)
    {
        var protect = cluster.DeletionProtection;
        var clusterKey = new AwsKmsKeySpec($"{cluster.Name}-eks", EnableKeyRotation: true, AwsKeyDeletionWindowDays, protect);
        var podsService = new AwsTrustSpec(AwsPodIdentity.TrustedService, AwsPodIdentity.TrustActions);

        AwsFlowLogSpec? flowLog = null;
        if (network.FlowLogs)
        {
            // NET-03: every flow, to a log group kept as long as the audit logs and encrypted with its own key.
            var key = new AwsKmsKeySpec($"{network.Name}-flow-logs", EnableKeyRotation: true, AwsKeyDeletionWindowDays, protect);
            flowLog = new AwsFlowLogSpec("ALL", MaxAggregationInterval: 60,
                new AwsLogGroupSpec($"/aws/vpc/{network.Name}/flow-logs", cluster.AuditLogRetentionDays, key.Name), key);
        }

        // The EBS CSI controller creates, attaches and encrypts volumes: the managed policy, plus what the EBS CSI
        // docs add for volumes encrypted with a customer-managed key (EKS user guide, "Create an Amazon EBS CSI driver
        // IAM role", custom KMS key: grants for AWS resources only, and the key's data-key operations), scoped to the
        // cluster key that the gp3 StorageClass names.
        var ebsCsi = new EksEbsCsiDriverSpec("aws-ebs-csi-driver", new EksAddonIdentitySpec(
            PlatformNamespaces.KubeSystem, EbsCsiControllerServiceAccount,
            new AwsServiceRoleSpec(podsService, [EbsCsiDriverPolicy]),
            [
                new AwsPolicyStatementSpec("EbsVolumeKeyGrants", ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], clusterKey.Name,
                    [new AwsConditionSpec("Bool", "kms:GrantIsForAWSResource", ["true"])]),
                new AwsPolicyStatementSpec("EbsVolumeKeyUse", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], clusterKey.Name, []),
            ]));

        // Cluster Autoscaler's documented policy (cluster-autoscaler cloudprovider/aws/README.md, "Full Cluster
        // Autoscaler Features Policy"): describe calls cannot be scoped to a resource; the two that change capacity
        // apply only to Auto Scaling groups tagged as this cluster's (auto-discovery tag, which EKS sets on every
        // managed node group's group), so the autoscaler cannot resize anything else in the account.
        var autoscaler = new EksAddonIdentitySpec(PlatformNamespaces.KubeSystem, ClusterAutoscalerServiceAccount,
            new AwsServiceRoleSpec(podsService, []),
            [
                new AwsPolicyStatementSpec("DescribeNodeGroups",
                [
                    "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup",
                ], KmsKey: null, []),
                new AwsPolicyStatementSpec("ScaleOwnNodeGroups", ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], KmsKey: null,
                    [new AwsConditionSpec("StringEquals", $"aws:ResourceTag/{AutoscalerClusterTag(cluster.Name)}", ["owned"])]),
            ]);

        return new AwsResourcePlan
        {
            KubernetesProvider = provider,
            Network = new AwsNetworkSpec
            {
                Protect = protect,
                // NET-01: nothing launched in any subnet gets a public IP implicitly. The NAT gateway uses its own
                // Elastic IP and load balancers get theirs, so public subnets do not need it either (CKV_AWS_130).
                Subnets = network.Subnets.Select(s => new AwsSubnetSpec(s, MapPublicIpOnLaunch: false)).ToList(),
                // NET-04: the default security group allows nothing.
                DefaultSecurityGroup = new AwsDefaultSecurityGroupSpec(Ingress: [], Egress: []),
                FlowLog = flowLog,
            },
            Cluster = new EksClusterSpec
            {
                Name = cluster.Name,
                KubernetesVersion = cluster.KubernetesVersion,
                UpgradePolicySupportType = "STANDARD",
                Subnets = network.PrivateSubnets.Select(s => s.Name).ToList(),
                // CP-01: the private endpoint is always on; the public one only for the listed CIDRs.
                EndpointPrivateAccess = true,
                EndpointPublicAccess = cluster.PublicEndpoint,
                PublicAccessCidrs = cluster.PublicAccessCidrs,
                // CP-04: EKS writes to /aws/eks/<cluster>/cluster; pre-created, so retention and key are ours rather
                // than EKS's "never expire" without a key.
                EnabledClusterLogTypes = cluster.AuditLogs ? EksControlPlaneLogTypes : [],
                ControlPlaneLogGroup = new AwsLogGroupSpec($"/aws/eks/{cluster.Name}/cluster", cluster.AuditLogRetentionDays, clusterKey.Name),
                SecretsEncryption = cluster.SecretsEncryption ? new EksEncryptionSpec(["secrets"], clusterKey.Name) : null,
                // CP-07: access entries only, and the identity that created the cluster gets nothing implicitly.
                AccessConfig = new EksAccessConfigSpec("API", BootstrapClusterCreatorAdminPermissions: false),
                AccessEntries = EksAccessEntries(settings.Cluster),
                CiRunner = settings.Cluster.CiRunner is { } runner
                    ? new CodeBuildRunnerSpec($"{cluster.Name}-ci-runner", runner.Repository, runner.ConnectionArn,
                        [.. network.PrivateSubnets.Select(s => s.Name)], "BUILD_GENERAL1_MEDIUM", "aws/codebuild/amazonlinux-x86_64-standard:5.0",
                        "WORKFLOW_JOB_QUEUED", new AwsTrustSpec("codebuild.amazonaws.com", ["sts:AssumeRole"]))
                    : null,
                DeletionProtection = cluster.DeletionProtection,
                Protect = protect,
                Key = clusterKey,
                KeyAlias = $"alias/{cluster.Name}-eks",
                ClusterRole = new AwsServiceRoleSpec(new AwsTrustSpec("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]), ["AmazonEKSClusterPolicy"]),
                NodeRole = new AwsServiceRoleSpec(new AwsTrustSpec("ec2.amazonaws.com", ["sts:AssumeRole"]), EksNodePolicies),
                // CP-02: the add-on's network policy agent enforces NetworkPolicy.
                VpcCni = new EksVpcCniSpec(EnableNetworkPolicy: true, "aws-node", new AwsServiceRoleSpec(podsService, ["AmazonEKS_CNI_Policy"])),
                NodeGroups = cluster.NodePools.Select(pool => new EksNodeGroupSpec
                {
                    Pool = pool,
                    // NET-01: the pool's subnets, private only (ClusterPlan).
                    Subnets = pool.Subnets,
                    AmiType = EksAmiTypeFor(pool.MachineType),
                    LaunchTemplate = new Ec2LaunchTemplateSpec(
                        // NODE-01: IMDSv2 only, and one hop so pods cannot reach the node role's credentials.
                        new Ec2MetadataOptionsSpec("enabled", "required", HttpPutResponseHopLimit: 1),
                        // NODE-05: the root volume encrypted with the cluster key.
                        new EbsVolumeSpec(EksRootDevice, pool.DiskSizeGb, Encrypted: true, clusterKey.Name),
                        // NET-01: no network interface block, so nodes take the private subnets' setting.
                        AssociatePublicIpAddress: null),
                    // NET-04: no SSH key and no SSH security group on nodes.
                    RemoteAccess = null,
                    // CP-05: EKS node auto repair, GKE's autoRepair counterpart; off by default on managed node groups.
                    NodeRepair = true,
                    // Cluster Autoscaler's auto-discovery tags, stated on the node group too so the review shows which
                    // groups it may resize (EKS copies them onto the Auto Scaling group itself).
                    Tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["Name"] = $"{cluster.Name}-{pool.Name}",
                        [AutoscalerEnabledTag] = "true",
                        [AutoscalerClusterTag(cluster.Name)] = "owned",
                    },
                }).ToList(),
                EbsCsiDriver = ebsCsi,
                ClusterAutoscaler = autoscaler,
            },
            PodIdentities = identities,
            PodIdentityTrust = podsService,
        };
    }

    /// <summary>EKS access policy granting cluster-admin (EKS user guide, "Access policy permissions": AmazonEKSClusterAdminPolicy).</summary>
    public const string EksClusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    /// <summary>
    /// GKE IAM roles (GKE docs, "Predefined GKE roles"): <c>roles/container.admin</c>, full management of clusters and
    /// their Kubernetes API objects; <c>roles/container.clusterViewer</c>, get and list clusters, which
    /// <c>gcloud container clusters get-credentials</c> needs and which grants nothing inside the cluster.
    /// </summary>
    public const string GkeAdminRole = "roles/container.admin";

    /// <inheritdoc cref="GkeAdminRole"/>
    public const string GkeClusterViewerRole = "roles/container.clusterViewer";

    /// <summary>
    /// Admins get the cluster-admin access policy; previewers get no access policy, only the RBAC group the preview
    /// ClusterRole is bound to (AmazonEKSViewPolicy excludes Secrets, which refresh reads: Helm release records, the
    /// Grafana admin Secret).
    /// </summary>
    private static List<EksAccessEntrySpec> EksAccessEntries(ClusterSettings cluster) =>
    [
        .. cluster.Admins.Select((arn, i) => new EksAccessEntrySpec($"admin-{i}", arn, [], EksClusterAdminPolicy)),
        .. cluster.Previewers.Select((arn, i) => new EksAccessEntrySpec($"preview-{i}", arn, [PreviewAccess.Group], null)),
    ];

    private static List<GcpIamMemberSpec> GkeIamMembers(ClusterSettings cluster) =>
    [
        .. cluster.Admins.Select((member, i) => new GcpIamMemberSpec($"admin-{i}", member, GkeAdminRole)),
        .. cluster.Previewers.Select((member, i) => new GcpIamMemberSpec($"preview-{i}", member, GkeClusterViewerRole)),
    ];

    private static GcpResourcePlan PlanGcp(GcpProviderSettings gcp, GcpNetworkPlan network, GkeClusterPlan cluster,
        IReadOnlyList<GcpWorkloadIdentity> identities, KubernetesProviderSpec provider, ClusterSettings access)
    {
        var project = gcp.Project;
        var controlPlaneCidr = network.ControlPlaneCidr;
        var releaseChannel = cluster.ReleaseChannel;
        var nodes = network.Subnets.Single(s => s.Role == SubnetRole.Nodes);
        var ranges = network.SecondaryRanges; // NetworkPlanner.PlanGcp: pods first, then services
        var protect = cluster.DeletionProtection;
        var key = new GcpCryptoKeySpec($"{cluster.Name}-cluster", "ENCRYPT_DECRYPT", GkeKeyRotationDays, protect);
        var nodeAccount = new GkeNodeServiceAccountSpec($"{cluster.Name}-{WorkloadIdentities.GcpNodeAccountSuffix}", GkeNodeRoles);
        var nodeTag = $"{cluster.Name}-node";

        return new GcpResourcePlan
        {
            KubernetesProvider = provider,
            Network = new GcpNetworkSpec(protect, new GcpSubnetworkSpec(nodes,
                // NET-05: private nodes reach Google APIs (Artifact Registry, logging) without public IPs.
                PrivateIpGoogleAccess: true,
                ranges,
                // NET-03 (CKV_GCP_26): every flow, with metadata, aggregated every 5 seconds.
                network.FlowLogs ? new GcpFlowLogConfigSpec("INTERVAL_5_SEC", FlowSampling: 1.0, "INCLUDE_ALL_METADATA") : null,
                protect)),
            Cluster = new GkeClusterSpec
            {
                Name = cluster.Name,
                Subnetwork = nodes.Name,
                // NET-05: VPC-native on the planned secondary ranges.
                NetworkingMode = "VPC_NATIVE",
                PodRange = ranges[0].Name,
                ServiceRange = ranges[1].Name,
                // NET-01 and CP-01.
                PrivateCluster = new GkePrivateClusterSpec(cluster.PrivateNodes, EnablePrivateEndpoint: !cluster.PublicEndpoint, controlPlaneCidr),
                MasterAuthorizedNetworks = new GkeMasterAuthorizedNetworksSpec(cluster.PublicAccessCidrs, GcpPublicCidrsAccessEnabled: false),
                // CI reaches the API by IAM through the DNS endpoint (docs/operations.md, "How CI reaches the clusters").
                DnsEndpoint = new GkeDnsEndpointSpec(AllowExternalTraffic: true),
                // CP-02: Dataplane V2 enforces NetworkPolicy; the legacy add-on must then stay off.
                DatapathProvider = "ADVANCED_DATAPATH",
                NetworkPolicyAddon = false,
                // NODE-02.
                WorkloadPool = WorkloadIdentities.GcpWorkloadPool(project),
                // CP-05: the channel upgrades control plane and nodes; the version is only the floor.
                ReleaseChannel = releaseChannel,
                MinMasterVersion = cluster.KubernetesVersion,
                // NODE-04.
                EnableShieldedNodes = true,
                // CP-06.
                EnableLegacyAbac = false,
                EnableKubernetesAlpha = false,
                IssueClientCertificate = false,
                // NET-03.
                EnableIntranodeVisibility = true,
                // CP-03.
                DatabaseEncryption = cluster.SecretsEncryption ? new GkeDatabaseEncryptionSpec("ENCRYPTED", key.Name) : null,
                // CP-07 (KB-GKE 5.8.2): Google Groups for RBAC.
                SecurityGroup = cluster.RbacGroup,
                IamMembers = GkeIamMembers(access),
                // CP-04 and MON-04: the component logs, and cluster.auditLogRetentionDays on the _Default bucket where
                // they and the Data Access audit logs land. Admin Activity audit logs go to the _Required bucket (400
                // days, not configurable; Cloud Logging docs, "Routing and storage overview").
                LoggingComponents = cluster.AuditLogs ? GkeLoggingComponents : null,
                LogBucket = new GcpLogBucketSpec("_Default", "global", cluster.AuditLogRetentionDays, protect),
                // CP-08.
                DeletionProtection = cluster.DeletionProtection,
                Protect = protect,
                KeyRing = new GcpKeyRingSpec($"{cluster.Name}-keyring", protect),
                Key = key,
                NodeServiceAccount = nodeAccount,
                // MESH-06: a private control plane reaches the nodes only on 443/10250 by default; Linkerd's admission
                // webhooks need these ports too, or pods are admitted without a proxy (linkerd.io, "Cluster configuration").
                Firewalls =
                [
                    new GcpFirewallSpec($"{cluster.Name}-linkerd-webhooks", "INGRESS", [controlPlaneCidr], [nodeTag],
                        [new GcpFirewallAllowSpec("tcp", ClusterPlan.LinkerdWebhookPorts)],
                        "GKE control plane to Linkerd proxy-injector, tap and policy-validator webhooks"),
                ],
                NodePools = cluster.NodePools.Select(pool => new GkeNodePoolSpec
                {
                    Pool = pool,
                    // CP-05.
                    AutoRepair = true,
                    AutoUpgrade = true,
                    // NODE-04.
                    ImageType = "COS_CONTAINERD",
                    EnableSecureBoot = true,
                    EnableIntegrityMonitoring = true,
                    // NODE-03: the dedicated account.
                    ServiceAccount = nodeAccount.AccountId,
                    OauthScopes = [CloudPlatformScope],
                    // NODE-02.
                    WorkloadMetadataMode = "GKE_METADATA",
                    Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["disable-legacy-endpoints"] = "true" },
                    // NODE-05.
                    BootDiskKmsKey = key.Name,
                    NetworkTags = [nodeTag],
                }).ToList(),
            },
            WorkloadIdentities = identities,
        };
    }
}
