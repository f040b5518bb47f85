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

    /// <summary>The AWS Load Balancer Controller's ServiceAccount in <c>kube-system</c> (the chart's <c>serviceAccount.name</c>, set to this).</summary>
    public const string LoadBalancerControllerServiceAccount = "aws-load-balancer-controller";

    /// <summary>cert-manager's namespace (issue 12) and its controller's ServiceAccount (the chart's default name).</summary>
    public const string CertManagerNamespace = "cert-manager";

    /// <inheritdoc cref="CertManagerNamespace"/>
    public const string CertManagerServiceAccount = "cert-manager";

    /// <summary>external-dns's namespace (issue 12) and ServiceAccount (the chart's default name).</summary>
    public const string ExternalDnsNamespace = "external-dns";

    /// <inheritdoc cref="ExternalDnsNamespace"/>
    public const string ExternalDnsServiceAccount = "external-dns";

    /// <summary>
    /// The tag the AWS Load Balancer Controller puts on every load balancer, target group and security group it
    /// creates, with the cluster name as its value (kubernetes-sigs/aws-load-balancer-controller v3.5.0,
    /// docs/install/iam_policy.json conditions; docs/deploy/security_groups.md, backend security group tags).
    /// </summary>
    public const string LoadBalancerControllerClusterTag = "elbv2.k8s.aws/cluster";

    /// <summary>
    /// The cluster tag EKS puts on the cluster security group, <c>kubernetes.io/cluster/&lt;cluster&gt;=owned</c>
    /// (EKS user guide, "View Amazon EKS security group requirements for clusters"). Managed node groups without
    /// their own security groups (the platform's launch templates name none) use that group, and with the VPC CNI a
    /// pod's IP is on the node's ENI, so it is the security group the controller adds the load balancer's rules to:
    /// it picks the ENI's group tagged with the cluster (LBC docs guide/service/nlb.md, "Worker node security groups
    /// selection").
    /// </summary>
    public static string KubernetesClusterTag(string cluster) => $"kubernetes.io/cluster/{cluster}";

    /// <summary>
    /// The Google service account id of a public-entry component (<c>cert-manager</c>, <c>external-dns</c>):
    /// <c>oneq-&lt;stack&gt;-certmgr</c> or <c>oneq-&lt;stack&gt;-extdns</c>, shorter than every service's
    /// <c>oneq-&lt;stack&gt;-&lt;service&gt;</c> of the catalogue, so a stack whose service identities fit GCP's 30
    /// characters fits here too. The edge planner renders its email into the KSA's
    /// <c>iam.gke.io/gcp-service-account</c> annotation: <c>&lt;id&gt;@&lt;project&gt;.iam.gserviceaccount.com</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The component is not one of the two, or the id would not be a valid account id.</exception>
    public static string EdgeServiceAccountId(StackSettings settings, string component)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var suffix = component switch
        {
            CertManagerNamespace => "certmgr",
            ExternalDnsNamespace => "extdns",
            _ => throw new ArgumentException($"no edge service account for '{component}'; expected {CertManagerNamespace} or {ExternalDnsNamespace}", nameof(component)),
        };
        var id = $"{NetworkPlanner.NamePrefix(settings)}-{suffix}";
        return id.Length <= WorkloadIdentities.GcpAccountIdMaxLength
            ? id
            : throw new ArgumentException($"the service account id {id} of {component} is longer than {WorkloadIdentities.GcpAccountIdMaxLength} characters; shorten the stack name", nameof(settings));
    }

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
                PlanGcp(gcp, gcpNetwork, gke, identities.Cast<GcpWorkloadIdentity>().ToList(), provider, settings.Cluster) with { Edge = GcpEdge(settings, gcp.Project) },
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
            Edge = settings.Ingress is { } ingress ? AwsEdge(cluster.Name, ingress.DnsZone, podsService) : null,
        };
    }

    /// <summary>
    /// The public entry's three Pod Identity roles. The load balancer controller's policy is the controller's documented
    /// policy (kubernetes-sigs/aws-load-balancer-controller v3.5.0, the version chart 3.5.0 ships:
    /// docs/install/iam_policy.json) cut to what Services of type LoadBalancer need as an NLB with IP targets: no
    /// ALB, listener rules, ACM, IAM server certificates, Cognito, WAF or Shield statements, and only the describe calls
    /// the v3.5.0 source makes on that path (pkg/networking, pkg/deploy/elbv2). Every mutating statement is scoped to
    /// this region and account and, where the upstream policy conditions on the <c>elbv2.k8s.aws/cluster</c> tag being
    /// present, to the tag having this cluster's name (the controller tags what it creates with it), so it cannot touch
    /// another cluster's load balancers. docs/operations.md, "Public entry: cloud side", lists each statement and why.
    /// </summary>
    private static AwsEdgeIdentitiesSpec AwsEdge(string cluster, string hostedZone, AwsTrustSpec podsService)
    {
        static AwsArnSpec Elb(string resource) => new("elasticloadbalancing", AwsArnScope.Regional, resource);
        static AwsArnSpec Ec2(string resource) => new("ec2", AwsArnScope.Regional, resource);
        AwsArnSpec[] loadBalancers = [Elb("loadbalancer/net/*/*"), Elb("targetgroup/*/*")];
        var securityGroups = Ec2("security-group/*");
        var listeners = Elb("listener/net/*/*/*");
        var ownResource = new AwsConditionSpec("StringEquals", $"aws:ResourceTag/{LoadBalancerControllerClusterTag}", [cluster]);
        var ownRequest = new AwsConditionSpec("StringEquals", $"aws:RequestTag/{LoadBalancerControllerClusterTag}", [cluster]);
        var clusterTagUntouched = new AwsConditionSpec("Null", $"aws:RequestTag/{LoadBalancerControllerClusterTag}", ["true"]);

        var controller = new EksAddonIdentitySpec(PlatformNamespaces.KubeSystem, LoadBalancerControllerServiceAccount,
            new AwsServiceRoleSpec(podsService, []),
            [
                // ELB creates its service-linked role on the account's first load balancer.
                new AwsPolicyStatementSpec("CreateElbServiceLinkedRole", ["iam:CreateServiceLinkedRole"], KmsKey: null,
                    [new AwsConditionSpec("StringEquals", "iam:AWSServiceName", ["elasticloadbalancing.amazonaws.com"])])
                {
                    Resources = [new("iam", AwsArnScope.Account, "role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing")],
                },

                // Subnet discovery (role tag, route tables), the pods' ENIs and their security groups, and its own
                // load balancers' state. Describe calls have no resource-level permissions.
                new AwsPolicyStatementSpec("DescribeNetworkAndLoadBalancers",
                [
                    "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                    "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeListeners",
                    "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancers",
                    "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetGroupAttributes",
                    "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
                ], KmsKey: null, []),

                // The NLB's frontend and the shared backend security group: created empty (CreateSecurityGroup
                // authorizes on the VPC too), tagged with this cluster at creation, then managed only while tagged so.
                new AwsPolicyStatementSpec("CreateSecurityGroups", ["ec2:CreateSecurityGroup"], KmsKey: null, [])
                {
                    Resources = [securityGroups, Ec2("vpc/*")],
                },
                new AwsPolicyStatementSpec("TagSecurityGroupsOnCreate", ["ec2:CreateTags"], KmsKey: null,
                    [new AwsConditionSpec("StringEquals", "ec2:CreateAction", ["CreateSecurityGroup"]), ownRequest])
                {
                    Resources = [securityGroups],
                },
                new AwsPolicyStatementSpec("RetagOwnSecurityGroups", ["ec2:CreateTags", "ec2:DeleteTags"], KmsKey: null, [clusterTagUntouched, ownResource])
                {
                    Resources = [securityGroups],
                },
                new AwsPolicyStatementSpec("ManageOwnSecurityGroups",
                    ["ec2:AuthorizeSecurityGroupIngress", "ec2:DeleteSecurityGroup", "ec2:RevokeSecurityGroupIngress"], KmsKey: null, [ownResource])
                {
                    Resources = [securityGroups],
                },

                // The rule that lets the backend security group reach the pods, on the nodes' (cluster) security group,
                // which EKS tags with the cluster; upstream leaves this on every security group.
                new AwsPolicyStatementSpec("OpenNodeSecurityGroupToLoadBalancers",
                    ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], KmsKey: null,
                    [new AwsConditionSpec("StringEquals", $"aws:ResourceTag/{KubernetesClusterTag(cluster)}", ["owned"])])
                {
                    Resources = [securityGroups],
                },

                // NLBs and target groups: created only with this cluster's tag, then changed, tagged and deleted only
                // while they carry it.
                new AwsPolicyStatementSpec("CreateOwnLoadBalancers", ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], KmsKey: null, [ownRequest])
                {
                    Resources = loadBalancers,
                },
                new AwsPolicyStatementSpec("TagOwnLoadBalancersOnCreate", ["elasticloadbalancing:AddTags"], KmsKey: null,
                    [new AwsConditionSpec("StringEquals", "elasticloadbalancing:CreateAction", ["CreateLoadBalancer", "CreateTargetGroup"]), ownRequest])
                {
                    Resources = loadBalancers,
                },
                new AwsPolicyStatementSpec("RetagOwnLoadBalancers", ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], KmsKey: null, [clusterTagUntouched, ownResource])
                {
                    Resources = loadBalancers,
                },
                new AwsPolicyStatementSpec("ManageOwnLoadBalancers",
                [
                    "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
                    "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
                    "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                ], KmsKey: null, [ownResource])
                {
                    Resources = [.. loadBalancers, listeners],
                },
                new AwsPolicyStatementSpec("RegisterPodTargets", ["elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets"], KmsKey: null, [ownResource])
                {
                    Resources = [Elb("targetgroup/*/*")],
                },

                // NLB listeners (no rules: those are ALB's), as upstream without a tag condition, but on NLB ARNs only.
                new AwsPolicyStatementSpec("ManageNlbListeners",
                    ["elasticloadbalancing:AddTags", "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
                     "elasticloadbalancing:ModifyListener", "elasticloadbalancing:RemoveTags"], KmsKey: null, [])
                {
                    Resources = [Elb("loadbalancer/net/*/*"), listeners],
                },
            ]);

        // cert-manager docs, "Route53" (cert-manager.io/docs/configuration/acme/dns01/route53/): poll its changes,
        // write only TXT records (the DNS-01 challenge) in the one zone, and find the zone by name.
        var zone = new AwsArnSpec("route53", AwsArnScope.Global, $"hostedzone/{hostedZone}");
        var certManager = new EksAddonIdentitySpec(CertManagerNamespace, CertManagerServiceAccount,
            new AwsServiceRoleSpec(podsService, []),
            [
                new AwsPolicyStatementSpec("ReadChanges", ["route53:GetChange"], KmsKey: null, [])
                {
                    Resources = [new("route53", AwsArnScope.Global, "change/*")],
                },
                new AwsPolicyStatementSpec("WriteChallengeRecords", ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"], KmsKey: null,
                    [new AwsConditionSpec("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", ["TXT"])])
                {
                    Resources = [zone],
                },
                new AwsPolicyStatementSpec("FindZone", ["route53:ListHostedZonesByName"], KmsKey: null, []),
            ]);

        // external-dns docs, "AWS" (kubernetes-sigs/external-dns v0.21.0 docs/tutorials/aws.md, "IAM Policy" and its
        // ABAC variant): the records of the one zone, of the types it writes (A/AAAA alias to the NLB, CNAME, and
        // its TXT ownership registry), and the zone list, which cannot be scoped. Not the docs' ListTagsForResources:
        // v0.21.0 calls it only with a zone tag filter (provider/aws/aws.go, zones()); the release filters by zone id
        // instead, which also keeps it from reading other zones' records.
        var externalDns = new EksAddonIdentitySpec(ExternalDnsNamespace, ExternalDnsServiceAccount,
            new AwsServiceRoleSpec(podsService, []),
            [
                new AwsPolicyStatementSpec("WriteRecords",
                    ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"], KmsKey: null,
                    [new AwsConditionSpec("ForAllValues:StringEquals", "route53:ChangeResourceRecordSetsRecordTypes", ["A", "AAAA", "CNAME", "TXT"])])
                {
                    Resources = [zone],
                },
                new AwsPolicyStatementSpec("ListZones", ["route53:ListHostedZones"], KmsKey: null, []),
            ]);
        return new AwsEdgeIdentitiesSpec(controller, certManager, externalDns, hostedZone);
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

    /// <summary>Cloud DNS's administrator role, granted on the one managed zone only.</summary>
    public const string DnsAdminRole = "roles/dns.admin";

    /// <summary>Cloud DNS's read-only role, granted on the project: finding the zone needs <c>dns.managedZones.list</c>.</summary>
    public const string DnsReaderRole = "roles/dns.reader";

    /// <summary>
    /// cert-manager's and external-dns's Google service accounts, or null without <c>ingress</c>. Each may write
    /// records in the one managed zone only: <c>roles/dns.admin</c> bound on the zone (Cloud DNS supports IAM on a
    /// managed zone: <c>google_dns_managed_zone_iam_member</c>; external-dns docs, v0.21.0 docs/tutorials/gke.md, grant
    /// exactly this), and <c>roles/dns.reader</c> on the project, because both list the project's zones to find it
    /// (external-dns always; cert-manager's docs list <c>dns.managedZones.list</c> among the permissions it needs,
    /// cert-manager.io/docs/configuration/acme/dns01/google/), and no predefined role narrower than the reader holds
    /// that permission. The writes are what matter, and they stay on the zone: cert-manager's docs grant
    /// <c>roles/dns.admin</c> on the project instead.
    /// </summary>
    private static GcpEdgeIdentitiesSpec? GcpEdge(StackSettings settings, string project)
    {
        if (settings.Ingress is not { } ingress)
        {
            return null;
        }

        GcpAddonIdentitySpec Identity(string ns, string serviceAccount) =>
            new(ns, EdgeServiceAccountId(settings, ns), project, ns, serviceAccount, [DnsAdminRole], [DnsReaderRole]);
        return new GcpEdgeIdentitiesSpec(ingress.DnsZone,
            [Identity(CertManagerNamespace, CertManagerServiceAccount), Identity(ExternalDnsNamespace, ExternalDnsServiceAccount)]);
    }

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
