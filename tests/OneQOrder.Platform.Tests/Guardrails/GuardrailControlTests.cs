using OneQOrder.Platform.Settings;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>
/// One test per guardrail control: what the library decides for it (settings, plan values, status, relaxability) on
/// each cloud where it applies, and why not where it does not. The cloud controls are asserted on the resource plan the
/// Pulumi program applies, and with the evidence their report line states; CloudEvidenceTests breaks that evidence.
/// The in-cluster controls' tests, which break each control's evidence and expect <c>fail</c>, are in
/// GuardrailControlTests.InCluster.cs.
/// </summary>
public sealed partial class GuardrailControlTests
{
    // ── Network & segmentation ───────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp", "private nodes (enablePrivateNodes=true) in subnetwork oneq-guard-nodes, which every node pool inherits (general)")]
    [InlineData("aws", "node groups join only private subnets with mapPublicIpOnLaunch=false, through launch templates without a network interface block: general in oneq-guard-private-ap-northeast-2a, oneq-guard-private-ap-northeast-2b, oneq-guard-private-ap-northeast-2c")]
    public void NET_01_worker_nodes_have_no_public_ips(string cloud, string evidence)
    {
        AssertControl("NET-01", 1, GuardrailLayer.Network, relaxableInTest: false, "cluster.publicNodeIps");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.PrivateNodes);
        var roles = plan.Network.Subnets.ToDictionary(s => s.Name, s => s.Role);
        Assert.All(plan.Cluster.NodePools.SelectMany(p => p.Subnets),
            subnet => Assert.Contains(roles[subnet], new[] { SubnetRole.Private, SubnetRole.Nodes }));
        // What the program applies: EKS node groups in the pools' subnets, none mapping a public IP; GKE private nodes.
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(plan.Cluster.NodePools.Select(p => p.Subnets), aws.Cluster.NodeGroups.Select(g => g.Subnets));
            Assert.All(aws.Network.Subnets, s => Assert.False(s.MapPublicIpOnLaunch));
            Assert.All(aws.Cluster.NodeGroups, g => Assert.Null(g.LaunchTemplate.AssociatePublicIpAddress));
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.True(gcp.Cluster.PrivateCluster.EnablePrivateNodes);
            Assert.Equal(plan.Network.Subnets.Single().Name, gcp.Cluster.Subnetwork);
        }

        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["NET-01"].Status, plan.Guardrails["NET-01"].Detail));
        AssertRelaxation("NET-01", cloud, "oneq-order-infra:cluster:\n  publicNodeIps: true", "cluster.publicNodeIps", "true");
    }

    [Fact]
    public void NET_01_node_groups_never_join_the_public_subnets_of_aws()
    {
        var plan = Plan("aws");

        var publicSubnets = plan.Network.PublicSubnets.Select(s => s.Name).ToList();
        Assert.Equal(3, publicSubnets.Count);
        Assert.All(plan.Cluster.NodePools, pool => Assert.Empty(pool.Subnets.Intersect(publicSubnets)));
        Assert.All(Assert.IsType<AwsResourcePlan>(plan.Resources).Cluster.NodeGroups, group => Assert.Empty(group.Subnets.Intersect(publicSubnets)));
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void CP_01_control_plane_endpoint_is_private_or_cidr_restricted(string cloud)
    {
        AssertControl("CP-01", 2, GuardrailLayer.Cluster, relaxableInTest: false, "cluster.publicAccessCidrs");

        var privateOnly = Plan(cloud);
        var restricted = Plan(cloud, "oneq-order-infra:cluster:\n  publicAccessCidrs: [203.0.113.0/24]");

        Assert.False(privateOnly.Cluster.PublicEndpoint);
        Assert.Equal("private endpoint only; no public access", privateOnly.Guardrails["CP-01"].Detail);
        Assert.Equal(["203.0.113.0/24"], restricted.Cluster.PublicAccessCidrs);
        Assert.Equal((GuardrailStatus.Pass, "private endpoint on; public endpoint limited to 203.0.113.0/24"),
            (restricted.Guardrails["CP-01"].Status, restricted.Guardrails["CP-01"].Detail));
        // What the program applies.
        if (restricted.Resources is AwsResourcePlan aws)
        {
            Assert.True(aws.Cluster.EndpointPrivateAccess && aws.Cluster.EndpointPublicAccess);
            Assert.Equal(["203.0.113.0/24"], aws.Cluster.PublicAccessCidrs);
            Assert.False(Assert.IsType<AwsResourcePlan>(privateOnly.Resources).Cluster.EndpointPublicAccess);
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(restricted.Resources);
            Assert.False(gcp.Cluster.MasterAuthorizedNetworks.GcpPublicCidrsAccessEnabled);
            Assert.Equal(["203.0.113.0/24"], gcp.Cluster.MasterAuthorizedNetworks.CidrBlocks);
            Assert.False(gcp.Cluster.PrivateCluster.EnablePrivateEndpoint);
            Assert.True(Assert.IsType<GcpResourcePlan>(privateOnly.Resources).Cluster.PrivateCluster.EnablePrivateEndpoint);
        }

        AssertRelaxation("CP-01", cloud, "oneq-order-infra:cluster:\n  publicAccessCidrs: [203.0.113.0/24, 0.0.0.0/0]",
            "cluster.publicAccessCidrs[1]", "0.0.0.0/0");
    }

    [Theory]
    [InlineData("gcp", "datapathProvider=ADVANCED_DATAPATH (Dataplane V2) enforces NetworkPolicy; the network-policy add-on stays unset")]
    [InlineData("aws", "EKS vpc-cni add-on with enableNetworkPolicy=\"true\" enforces NetworkPolicy")]
    public void CP_02_network_policy_is_enforced_by_the_cni(string cloud, string evidence)
    {
        AssertControl("CP-02", 3, GuardrailLayer.Cluster, relaxableInTest: false);

        var plan = Plan(cloud);

        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.True(aws.Cluster.VpcCni.EnableNetworkPolicy);
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.Equal(("ADVANCED_DATAPATH", false), (gcp.Cluster.DatapathProvider, gcp.Cluster.NetworkPolicyAddon));
        }

        Assert.Equal(evidence, AssertPasses("CP-02", cloud));
    }

    [Theory]
    [InlineData("gcp", "subnetwork flow logs on oneq-guard-nodes (INTERVAL_5_SEC, sampling 1, INCLUDE_ALL_METADATA); intranode visibility on")]
    [InlineData("aws", "VPC flow log (trafficType=ALL) on oneq-guard-vpc to /aws/vpc/oneq-guard-vpc/flow-logs, kept 365 days, encrypted with KMS key oneq-guard-vpc-flow-logs")]
    public void NET_03_flow_logs_are_on_and_only_a_test_stack_may_turn_them_off(string cloud, string evidence)
    {
        AssertControl("NET-03", 5, GuardrailLayer.Network, relaxableInTest: true, "network.flowLogs");

        var plan = Plan(cloud);
        var withoutFlowLogs = Plan(cloud, TestEnvironment + "oneq-order-infra:network:\n  flowLogs: false");

        Assert.True(plan.Network.FlowLogs);
        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["NET-03"].Status, plan.Guardrails["NET-03"].Detail));
        // A test stack that turns them off gets no flow log resources at all.
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal("ALL", aws.Network.FlowLog?.TrafficType);
            Assert.Null(Assert.IsType<AwsResourcePlan>(withoutFlowLogs.Resources).Network.FlowLog);
        }
        else
        {
            Assert.NotNull(Assert.IsType<GcpResourcePlan>(plan.Resources).Network.Subnetwork.LogConfig);
            Assert.Null(Assert.IsType<GcpResourcePlan>(withoutFlowLogs.Resources).Network.Subnetwork.LogConfig);
        }

        AssertRelaxation("NET-03", cloud, "oneq-order-infra:network:\n  flowLogs: false", "network.flowLogs", "false");
    }

    [Theory]
    [InlineData("gcp", "firewall rules oneq-guard-linkerd-webhooks (from 172.16.0.0/28): none admits a /0 source or SSH; nodes take no SSH")]
    [InlineData("aws", "the VPC's default security group has no rules; no node group has remote access (SSH): general")]
    public void NET_04_default_security_group_and_firewall_admit_no_ssh(string cloud, string evidence)
    {
        AssertControl("NET-04", 6, GuardrailLayer.Network, relaxableInTest: false);

        var plan = Plan(cloud);

        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Empty(aws.Network.DefaultSecurityGroup.Ingress);
            Assert.Empty(aws.Network.DefaultSecurityGroup.Egress);
            Assert.All(aws.Cluster.NodeGroups, g => Assert.Null(g.RemoteAccess));
        }
        else
        {
            Assert.All(Assert.IsType<GcpResourcePlan>(plan.Resources).Cluster.Firewalls, f => Assert.DoesNotContain("0.0.0.0/0", f.SourceRanges));
        }

        Assert.Equal(evidence, AssertPasses("NET-04", cloud));
    }

    [Fact]
    public void NET_05_gke_is_vpc_native_with_pod_and_service_secondary_ranges()
    {
        AssertControl("NET-05", 7, GuardrailLayer.Network, relaxableInTest: false);

        var plan = Plan("gcp");

        var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
        Assert.Equal(["oneq-guard-pods", "oneq-guard-services"], plan.Network.SecondaryRanges.Select(r => r.Name));
        Assert.Equal(plan.Network.SecondaryRanges, gcp.Network.Subnetwork.SecondaryRanges);
        Assert.Equal(("VPC_NATIVE", "oneq-guard-pods", "oneq-guard-services"), (gcp.Cluster.NetworkingMode, gcp.Cluster.PodRange, gcp.Cluster.ServiceRange));
        Assert.True(gcp.Network.Subnetwork.PrivateIpGoogleAccess);
        Assert.Equal("VPC_NATIVE: pods in oneq-guard-pods 10.0.0.0/17, services in oneq-guard-services 10.0.144.0/20 of oneq-guard-nodes; Private Google Access on oneq-guard-nodes",
            AssertPasses("NET-05", "gcp"));
        AssertNotApplicable("NET-05", "aws");
    }

    // ── Control plane ────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp", "databaseEncryption ENCRYPTED with Cloud KMS key oneq-guard-cluster, rotated every 90 days")]
    [InlineData("aws", "encryptionConfig resources=secrets with customer-managed AWS KMS key oneq-guard-eks, rotation on")]
    public void CP_03_secrets_are_envelope_encrypted_with_a_customer_managed_key(string cloud, string evidence)
    {
        AssertControl("CP-03", 8, GuardrailLayer.Cluster, relaxableInTest: false, "cluster.secretsEncryption");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.SecretsEncryption);
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(["secrets"], aws.Cluster.SecretsEncryption?.Resources);
            Assert.Equal(aws.Cluster.Key.Name, aws.Cluster.SecretsEncryption?.KmsKey);
            Assert.True(aws.Cluster.Key.EnableKeyRotation);
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.Equal(new GkeDatabaseEncryptionSpec("ENCRYPTED", gcp.Cluster.Key.Name), gcp.Cluster.DatabaseEncryption);
            Assert.Equal("7776000s", gcp.Cluster.Key.RotationPeriod);
        }

        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["CP-03"].Status, plan.Guardrails["CP-03"].Detail));
        AssertRelaxation("CP-03", cloud, "oneq-order-infra:cluster:\n  secretsEncryption: false", "cluster.secretsEncryption", "false");
    }

    [Theory]
    [InlineData("gcp", "loggingConfig.enableComponents SYSTEM_COMPONENTS, APISERVER, CONTROLLER_MANAGER, SCHEDULER, WORKLOADS, kept 365 days in Cloud Logging's _Default bucket; Admin Activity audit logs kept 400 days in the _Required bucket")]
    [InlineData("aws", "control-plane logs api, audit, authenticator, controllerManager, scheduler to /aws/eks/oneq-guard/cluster, kept 365 days, encrypted with KMS key oneq-guard-eks")]
    public void CP_04_audit_logs_are_on_and_kept_twelve_months(string cloud, string evidence)
    {
        AssertControl("CP-04", 9, GuardrailLayer.Cluster, relaxableInTest: false, "cluster.auditLogs", "cluster.auditLogRetentionDays");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.AuditLogs);
        Assert.Equal(365, plan.Cluster.AuditLogRetentionDays);
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(["api", "audit", "authenticator", "controllerManager", "scheduler"], aws.Cluster.EnabledClusterLogTypes);
            Assert.Equal(new AwsLogGroupSpec("/aws/eks/oneq-guard/cluster", 365, aws.Cluster.Key.Name), aws.Cluster.ControlPlaneLogGroup);
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.Contains("APISERVER", gcp.Cluster.LoggingComponents ?? []);
            Assert.Equal(("_Default", 365), (gcp.Cluster.LogBucket.BucketId, gcp.Cluster.LogBucket.RetentionDays));
        }

        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["CP-04"].Status, plan.Guardrails["CP-04"].Detail));
        AssertRelaxation("CP-04", cloud, "oneq-order-infra:cluster:\n  auditLogs: false", "cluster.auditLogs", "false");
        AssertRelaxation("CP-04", cloud, "oneq-order-infra:cluster:\n  auditLogRetentionDays: 90", "cluster.auditLogRetentionDays", "90");
    }

    [Theory]
    [InlineData("gcp", "Kubernetes 1.35 floor on the REGULAR release channel; node auto-upgrade and auto-repair on (general)")]
    [InlineData("aws", "Kubernetes 1.35 pinned; managed node groups launch that version's latest EKS-optimised AMI; node upgrades are explicit (EKS has no node auto-upgrade); node auto repair on (general)")]
    public void CP_05_cluster_runs_a_supported_version_and_gke_a_release_channel(string cloud, string evidence)
    {
        AssertControl("CP-05", 10, GuardrailLayer.Cluster, relaxableInTest: false);

        var plan = Plan(cloud);

        Assert.Equal("1.35", plan.Cluster.KubernetesVersion);
        Assert.Equal(cloud == "gcp" ? "REGULAR" : null, (plan.Cluster as GkeClusterPlan)?.ReleaseChannel);
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal("1.35", aws.Cluster.KubernetesVersion);
            Assert.All(aws.Cluster.NodeGroups, g => Assert.True(g.NodeRepair));
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.Equal(("REGULAR", "1.35"), (gcp.Cluster.ReleaseChannel, gcp.Cluster.MinMasterVersion));
            Assert.All(gcp.Cluster.NodePools, p => Assert.True(p.AutoUpgrade && p.AutoRepair));
        }

        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["CP-05"].Status, plan.Guardrails["CP-05"].Detail));
        Assert.Contains("cluster.kubernetesVersion", Load(cloud, "oneq-order-infra:cluster:\n  kubernetesVersion: \"1.25\"").Keys().Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void CP_06_gke_has_no_legacy_auth_and_eks_has_none_to_turn_off()
    {
        AssertControl("CP-06", 11, GuardrailLayer.Cluster, relaxableInTest: false);

        var gke = Assert.IsType<GcpResourcePlan>(Plan("gcp").Resources).Cluster;

        Assert.False(gke.IssueClientCertificate || gke.EnableLegacyAbac || gke.EnableKubernetesAlpha);
        Assert.Equal("issueClientCertificate=false, enableLegacyAbac=false, enableKubernetesAlpha=false; no dashboard add-on", AssertPasses("CP-06", "gcp"));
        AssertNotApplicable("CP-06", "aws");
    }

    [Theory]
    [InlineData("gcp", "access through Google Groups for RBAC: authenticatorGroupsConfig.securityGroup=gke-security-groups@oneq.example")]
    [InlineData("aws", "authentication mode API with explicit access entries; bootstrapClusterCreatorAdminPermissions=false: cluster-admin is the access entries of cluster.admins")]
    public void CP_07_cluster_access_goes_through_access_entries_or_groups(string cloud, string evidence)
    {
        AssertControl("CP-07", 12, GuardrailLayer.Cluster, relaxableInTest: true, "cluster.rbacGroup");

        var plan = Plan(cloud);

        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(new EksAccessConfigSpec("API", BootstrapClusterCreatorAdminPermissions: false), aws.Cluster.AccessConfig);
        }
        else
        {
            Assert.Equal("gke-security-groups@oneq.example", Assert.IsType<GcpResourcePlan>(plan.Resources).Cluster.SecurityGroup);
        }

        Assert.Equal(evidence, AssertPasses("CP-07", cloud));
    }

    /// <summary>A GKE stack with no <c>cluster</c> object at all, so no RBAC group.</summary>
    private const string GkeWithoutRbacGroup = "gcp:project: oneq-test\ngcp:region: asia-northeast3\noneq-order-infra:cloud: gcp\n";

    [Fact]
    public void CP_07_a_production_gke_stack_without_an_rbac_group_is_rejected()
    {
        var control = GuardrailCatalogue.Find("CP-07");

        var result = StackConfiguration.Load(Config.FromYaml("guard", GkeWithoutRbacGroup));

        var error = Assert.Single(result.Errors);
        Assert.Null(error.Value);
        Assert.Equal(
            "oneq-order-infra:cluster.rbacGroup: missing; expected the organisation's Google Group gke-security-groups@<domain>, " +
            $"e.g. gke-security-groups@example.com (GKE Google Groups for RBAC) in production (guardrail CP-07 \"{control.Title}\"; {control.SourceLine})",
            error.Message);
    }

    [Fact]
    public void CP_07_a_gke_test_stack_without_an_rbac_group_reports_the_control_relaxed()
    {
        var control = GuardrailCatalogue.Find("CP-07");
        var result = StackConfiguration.Load(Config.FromYaml("guard", GkeWithoutRbacGroup + TestEnvironment));
        Assert.Empty(result.Errors);

        var plan = PlatformPlanner.Build(Assert.IsType<ValidatedSettings>(result.Validated));

        var entry = plan.Guardrails["CP-07"];
        Assert.Null(Assert.IsType<GkeClusterPlan>(plan.Cluster).RbacGroup);
        Assert.Equal(GuardrailStatus.Relaxed, entry.Status);
        var relaxation = Assert.Single(entry.Relaxations);
        Assert.Equal(("cluster.rbacGroup", (string?)null), (relaxation.Key, relaxation.Value));
        Assert.Equal($"cluster.rbacGroup unset: {control.TestRelaxationReason}", entry.Detail);
    }

    [Fact]
    public void CP_07_eks_ignores_the_gke_rbac_group()
    {
        var without = Plan("aws");
        var with = Plan("aws", "oneq-order-infra:cluster:\n  rbacGroup: gke-security-groups@oneq.example");

        Assert.Equal(GuardrailStatus.Pass, without.Guardrails["CP-07"].Status);
        Assert.IsType<EksClusterPlan>(with.Cluster);
        Assert.Equal(without.Guardrails["CP-07"].Detail, with.Guardrails["CP-07"].Detail);
    }

    [Theory]
    [InlineData("gcp", "provider deletionProtection=true on the cluster; Pulumi protect on GKE cluster oneq-guard, VPC network, subnetwork oneq-guard-nodes, KMS key ring oneq-guard-keyring, KMS key oneq-guard-cluster, log bucket _Default; Kubernetes provider deleteUnreachable=false")]
    [InlineData("aws", "provider deletionProtection=true on the cluster; Pulumi protect on EKS cluster oneq-guard, VPC, KMS key oneq-guard-eks, KMS key oneq-guard-vpc-flow-logs; Kubernetes provider deleteUnreachable=false")]
    public void CP_08_clusters_are_deletion_protected_except_in_test_stacks(string cloud, string evidence)
    {
        AssertControl("CP-08", 13, GuardrailLayer.Cluster, relaxableInTest: true, "cluster.deletionProtection");

        var plan = Plan(cloud);
        var test = Plan(cloud, TestEnvironment + "oneq-order-infra:cluster:\n  deletionProtection: false");

        Assert.True(plan.Cluster.DeletionProtection);
        Assert.All(plan.Resources.Protection, p => Assert.True(p.Protect, p.Resource));
        Assert.False(plan.Resources.KubernetesProvider.DeleteUnreachable);
        Assert.All(test.Resources.Protection, p => Assert.False(p.Protect, p.Resource));
        Assert.True(test.Resources.KubernetesProvider.DeleteUnreachable);
        Assert.Equal((GuardrailStatus.Pass, evidence), (plan.Guardrails["CP-08"].Status, plan.Guardrails["CP-08"].Detail));
        AssertRelaxation("CP-08", cloud, "oneq-order-infra:cluster:\n  deletionProtection: false", "cluster.deletionProtection", "false");
    }

    // ── Nodes ────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void NODE_01_eks_nodes_require_imdsv2_with_hop_limit_one()
    {
        AssertControl("NODE-01", 14, GuardrailLayer.Node, relaxableInTest: false);

        var groups = Assert.IsType<AwsResourcePlan>(Plan("aws").Resources).Cluster.NodeGroups;

        Assert.All(groups, g => Assert.Equal(new Ec2MetadataOptionsSpec("enabled", "required", HttpPutResponseHopLimit: 1), g.LaunchTemplate.MetadataOptions));
        Assert.Equal("every node group's launch template (general) requires IMDSv2 tokens (httpTokens=required) with hop limit 1: pods cannot reach the node role",
            AssertPasses("NODE-01", "aws"));
        AssertNotApplicable("NODE-01", "gcp");
    }

    [Fact]
    public void NODE_02_gke_nodes_use_the_gke_metadata_server_and_workload_identity()
    {
        AssertControl("NODE-02", 15, GuardrailLayer.Node, relaxableInTest: false);

        var gke = Assert.IsType<GcpResourcePlan>(Plan("gcp").Resources).Cluster;

        Assert.Equal("oneq-test.svc.id.goog", gke.WorkloadPool);
        Assert.All(gke.NodePools, p => Assert.Equal(("GKE_METADATA", "true"), (p.WorkloadMetadataMode, p.Metadata["disable-legacy-endpoints"])));
        Assert.Equal("workload pool oneq-test.svc.id.goog; node metadata mode GKE_METADATA, legacy metadata endpoints disabled (general)",
            AssertPasses("NODE-02", "gcp"));
        AssertNotApplicable("NODE-02", "aws");
    }

    [Theory]
    [InlineData("gcp", "nodes run as the dedicated service account oneq-guard-nodes with roles/logging.logWriter, roles/monitoring.metricWriter, roles/monitoring.viewer, roles/stackdriver.resourceMetadata.writer, roles/artifactregistry.reader only; oauth scopes https://www.googleapis.com/auth/cloud-platform")]
    [InlineData("aws", "nodes assume a dedicated role with AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly only; the VPC CNI (aws-node) uses its own role with AmazonEKS_CNI_Policy")]
    public void NODE_03_nodes_run_with_a_least_privilege_identity(string cloud, string evidence)
    {
        AssertControl("NODE-03", 16, GuardrailLayer.Node, relaxableInTest: false);

        var plan = Plan(cloud);

        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"], aws.Cluster.NodeRole.ManagedPolicies);
            Assert.Equal("ec2.amazonaws.com", aws.Cluster.NodeRole.Trust.Service);
            Assert.Equal(["AmazonEKS_CNI_Policy"], aws.Cluster.VpcCni.Role.ManagedPolicies);
        }
        else
        {
            var gke = Assert.IsType<GcpResourcePlan>(plan.Resources).Cluster;
            Assert.Equal("oneq-guard-nodes", gke.NodeServiceAccount.AccountId);
            Assert.All(gke.NodePools, p => Assert.Equal(gke.NodeServiceAccount.AccountId, p.ServiceAccount));
        }

        Assert.Equal(evidence, AssertPasses("NODE-03", cloud));
    }

    [Fact]
    public void NODE_04_gke_nodes_are_shielded_with_secure_boot_on_cos_containerd()
    {
        AssertControl("NODE-04", 17, GuardrailLayer.Node, relaxableInTest: false);

        var gke = Assert.IsType<GcpResourcePlan>(Plan("gcp").Resources).Cluster;

        Assert.True(gke.EnableShieldedNodes);
        Assert.All(gke.NodePools, p => Assert.Equal(("COS_CONTAINERD", true, true), (p.ImageType, p.EnableSecureBoot, p.EnableIntegrityMonitoring)));
        Assert.Equal("shielded nodes; secure boot and integrity monitoring on, image COS_CONTAINERD (general)", AssertPasses("NODE-04", "gcp"));
        AssertNotApplicable("NODE-04", "aws");
    }

    [Theory]
    [InlineData("gcp", "boot disks (general 50 GB) encrypted with Cloud KMS key oneq-guard-cluster")]
    [InlineData("aws", "root volumes (general 50 GB on /dev/xvda) EBS-encrypted with KMS key oneq-guard-eks")]
    public void NODE_05_boot_disks_are_encrypted_with_a_customer_managed_key(string cloud, string evidence)
    {
        AssertControl("NODE-05", 18, GuardrailLayer.Node, relaxableInTest: false);

        var plan = Plan(cloud);

        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.All(aws.Cluster.NodeGroups, g => Assert.Equal(new EbsVolumeSpec("/dev/xvda", 50, Encrypted: true, aws.Cluster.Key.Name), g.LaunchTemplate.RootVolume));
        }
        else
        {
            var gke = Assert.IsType<GcpResourcePlan>(plan.Resources).Cluster;
            Assert.All(gke.NodePools, p => Assert.Equal(gke.Key.Name, p.BootDiskKmsKey));
        }

        Assert.Equal(evidence, AssertPasses("NODE-05", cloud));
    }

    // ── Workload identity ────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void WI_01_each_service_gets_its_own_cloud_identity(string cloud)
    {
        AssertControl("WI-01", 19, GuardrailLayer.WorkloadIdentity, relaxableInTest: false);

        var plan = Plan(cloud);

        var detail = AssertPasses("WI-01", cloud);
        if (plan.Resources is AwsResourcePlan aws)
        {
            Assert.Equal(plan.WorkloadIdentities, aws.PodIdentities);
            Assert.Equal("pods.eks.amazonaws.com", aws.PodIdentityTrust.Service);
            Assert.Equal(["sts:AssumeRole", "sts:TagSession"], aws.PodIdentityTrust.Actions);
            Assert.Equal(
                "one IAM role per service through EKS Pod Identity, trusted only by pods.eks.amazonaws.com and handed out by one association each: " +
                "oneq-guard-oneq-order → oneq-order/oneq-order, oneq-guard-pg → pg/pg, oneq-guard-appcard → appcard/appcard, oneq-guard-card → card/card, oneq-guard-bank → bank/bank",
                detail);
        }
        else
        {
            var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
            Assert.Equal(plan.WorkloadIdentities, gcp.WorkloadIdentities);
            Assert.All(gcp.WorkloadIdentities, i => Assert.Equal(gcp.Cluster.WorkloadPool, i.WorkloadPool));
            Assert.StartsWith("one GCP service account per service, impersonable (roles/iam.workloadIdentityUser) only by its KSA in oneq-test.svc.id.goog: " +
                "oneq-guard-oneq-order@oneq-test.iam.gserviceaccount.com → oneq-order/oneq-order, oneq-guard-pg@oneq-test.iam.gserviceaccount.com → pg/pg,", detail, StringComparison.Ordinal);
            Assert.EndsWith("oneq-guard-bank@oneq-test.iam.gserviceaccount.com → bank/bank; KSAs annotated iam.gke.io/gcp-service-account", detail, StringComparison.Ordinal);
        }
    }

    // ── Mesh ─────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void MESH_06_private_gke_opens_the_linkerd_webhook_ports_from_the_control_plane_range()
    {
        AssertControl("MESH-06", 30, GuardrailLayer.Mesh, relaxableInTest: false);

        var plan = Plan("gcp");

        var gke = Assert.IsType<GcpResourcePlan>(plan.Resources).Cluster;
        Assert.Equal("172.16.0.0/28", Assert.IsType<GcpNetworkPlan>(plan.Network).ControlPlaneCidr);
        Assert.Equal([8089, 8443, 9443], ClusterPlan.LinkerdWebhookPorts);
        var rule = Assert.Single(gke.Firewalls);
        Assert.Equal("INGRESS", rule.Direction);
        Assert.Equal(["172.16.0.0/28"], rule.SourceRanges);
        Assert.Equal(["oneq-guard-node"], rule.TargetTags);
        var allow = Assert.Single(rule.Allows);
        Assert.Equal("tcp", allow.Protocol);
        Assert.Equal(ClusterPlan.LinkerdWebhookPorts, allow.Ports);
        Assert.All(gke.NodePools, p => Assert.Equal(rule.TargetTags, p.NetworkTags));
        Assert.Equal("firewall oneq-guard-linkerd-webhooks (ingress) from 172.16.0.0/28 to nodes tagged oneq-guard-node on tcp 8089, 8443, 9443", plan.Guardrails["MESH-06"].Detail);
        AssertNotApplicable("MESH-06", "aws");
    }

    // ── Monitoring ───────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp", "Cloud Logging's _Default bucket")]
    [InlineData("aws", "CloudWatch log group /aws/eks/oneq-guard/cluster")]
    public void MON_04_cloud_audit_logs_not_prometheus_hold_the_twelve_month_record(string cloud, string store)
    {
        AssertControl("MON-04", 35, GuardrailLayer.Monitoring, relaxableInTest: false);

        var plan = Plan(cloud, "oneq-order-infra:monitoring:\n  retention: 10d");

        Assert.Equal(
            $"Prometheus keeps 10d of metrics; the 12-month record is the control-plane audit log, kept 365 days in {store} (CP-04)",
            plan.Guardrails["MON-04"].Detail);
    }
}
