using System.Text.Json;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;

namespace OneQOrder.Infra.Tests.Cluster;

/// <summary>
/// The EKS cluster of the committed prod stack: the Pulumi-side guardrails, asserted on the inputs the engine receives
/// and compared with the resource plan the guardrail report checks (<see cref="EksClusterSpec"/>).
/// </summary>
public sealed class EksClusterTests
{
    private const string EksCluster = "aws:eks/cluster:Cluster";
    private const string NodeGroup = "aws:eks/nodeGroup:NodeGroup";
    private const string LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
    private const string Addon = "aws:eks/addon:Addon";

    private static Task<DeploymentResult> ProdAsync() => MockDeployment.RunAsync(StackConfig.Committed("prod"));

    /// <summary>The committed prod stack's planned EKS resources.</summary>
    private static EksClusterSpec Planned() =>
        Assert.IsType<AwsResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("prod")).Resources).Cluster;

    /// <summary>The mock id of the subnet the network component creates for a planned subnet name.</summary>
    internal static string SubnetId(string plannedName) => $"network-{plannedName["oneq-prod-".Length..]}-id";

    private static IEnumerable<string> Strings(object? list) => ((IEnumerable<object>)list!).Cast<string>();

    [Fact]
    public async Task Guardrail_01_node_groups_use_exactly_the_planned_private_subnets_and_no_public_addresses()
    {
        // Arrange
        var planned = Assert.Single(Planned().NodeGroups);

        // Act
        var result = await ProdAsync();

        // Assert: the subnets NET-01 checked, resolved to the ids of the subnets the network created.
        var privateSubnetIds = result.OfType("aws:ec2/subnet:Subnet")
            .Where(s => s.Name.StartsWith("network-private-", StringComparison.Ordinal))
            .Select(s => $"{s.Name}-id")
            .ToList();
        var group = result.Single(NodeGroup);
        Assert.Equal(planned.Subnets.Select(SubnetId), Strings(group.Input("subnetIds")));
        Assert.Equal(privateSubnetIds, Strings(group.Input("subnetIds")));
        var template = result.Single(LaunchTemplate);
        Assert.Null(planned.LaunchTemplate.AssociatePublicIpAddress);
        Assert.False(template.Inputs.ContainsKey("networkInterfaces"), "no interface block that could ask for a public IP");
    }

    [Fact]
    public async Task Guardrail_01_node_groups_follow_a_changed_subnet_plan()
    {
        // Arrange: the node group planned into one private subnet only.
        var prod = StackConfig.Committed("prod");
        var only = Planned().Subnets[0];

        // Act
        var result = await MockDeployment.RunAsync(prod, plan => plan with
        {
            Resources = Resources(plan) with
            {
                Cluster = Resources(plan).Cluster with
                {
                    NodeGroups = [.. Resources(plan).Cluster.NodeGroups.Select(g => g with { Subnets = [only] })],
                },
            },
        });

        // Assert
        Assert.Equal([SubnetId(only)], Strings(result.Single(NodeGroup).Input("subnetIds")));
    }

    private static AwsResourcePlan Resources(OneQOrder.Platform.Planning.PlatformPlan plan) => Assert.IsType<AwsResourcePlan>(plan.Resources);

    [Fact]
    public async Task Guardrail_02_endpoint_is_private_and_public_access_is_cidr_restricted()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(EksCluster);
        Assert.Equal(planned.EndpointPrivateAccess, cluster.At("vpcConfig.endpointPrivateAccess"));
        Assert.Equal(planned.EndpointPublicAccess, cluster.At("vpcConfig.endpointPublicAccess"));
        Assert.Equal(planned.PublicAccessCidrs, Strings(cluster.At("vpcConfig.publicAccessCidrs")));
        Assert.Equal(["198.51.100.0/28"], planned.PublicAccessCidrs);
        Assert.Equal(planned.Subnets.Select(SubnetId), Strings(cluster.At("vpcConfig.subnetIds")));
    }

    [Fact]
    public async Task Guardrail_02_without_public_cidrs_the_endpoint_is_private_only()
    {
        // Arrange
        var prod = StackConfig.Committed("prod");
        var cluster = prod.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster["publicAccessCidrs"] = new System.Text.Json.Nodes.JsonArray();

        // Act
        var result = await MockDeployment.RunAsync(prod.With("oneq-order-infra:cluster", cluster));

        // Assert
        var eks = result.Single(EksCluster);
        Assert.Equal(true, eks.At("vpcConfig.endpointPrivateAccess"));
        Assert.Equal(false, eks.At("vpcConfig.endpointPublicAccess"));
        Assert.Null(eks.At("vpcConfig.publicAccessCidrs"));
    }

    [Fact]
    public async Task Guardrail_03_vpc_cni_enforces_network_policy()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var cni = Assert.Single(result.OfType(Addon), a => (string)a.Input("addonName") == "vpc-cni");
        using var values = JsonDocument.Parse((string)cni.Input("configurationValues"));
        Assert.True(Planned().VpcCni.EnableNetworkPolicy);
        Assert.Equal("true", values.RootElement.GetProperty("enableNetworkPolicy").GetString());
        Assert.Equal(
            ["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"],
            result.OfType(Addon).Select(a => (string)a.Input("addonName")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Guardrail_06_node_groups_have_no_remote_access()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        Assert.All(Planned().NodeGroups, g => Assert.Null(g.RemoteAccess));
        Assert.All(result.OfType(NodeGroup), g => Assert.False(g.Inputs.ContainsKey("remoteAccess")));
    }

    [Fact]
    public async Task Guardrail_08_secrets_are_envelope_encrypted_with_a_rotating_customer_key()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(EksCluster);
        var key = Assert.Single(result.OfType("aws:kms/key:Key"), k => k.Name == "cluster-key");
        Assert.Equal(planned.Key.EnableKeyRotation, key.Input("enableKeyRotation"));
        var encryption = Assert.IsType<EksEncryptionSpec>(planned.SecretsEncryption);
        Assert.Equal(encryption.Resources, Strings(cluster.At("encryptionConfig.resources")));
        Assert.Equal(["secrets"], encryption.Resources);
        Assert.Equal("arn:aws:kms:ap-northeast-2:123456789012:key/cluster-key", cluster.At("encryptionConfig.provider.keyArn"));
    }

    [Fact]
    public async Task Guardrail_09_all_control_plane_logs_go_to_a_precreated_encrypted_log_group_kept_a_year()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(EksCluster);
        Assert.Equal(planned.EnabledClusterLogTypes, Strings(cluster.Input("enabledClusterLogTypes")));
        Assert.Equal(["api", "audit", "authenticator", "controllerManager", "scheduler"], planned.EnabledClusterLogTypes);
        var logGroup = Assert.Single(result.OfType("aws:cloudwatch/logGroup:LogGroup"), g => g.Name == "cluster-control-plane-logs");
        Assert.Equal(planned.ControlPlaneLogGroup.Name, logGroup.Input("name"));
        Assert.Equal("/aws/eks/oneq-prod/cluster", planned.ControlPlaneLogGroup.Name);
        Assert.Equal((double)planned.ControlPlaneLogGroup.RetentionInDays, logGroup.Input("retentionInDays"));
        Assert.Equal(365, planned.ControlPlaneLogGroup.RetentionInDays);
        Assert.Equal("arn:aws:kms:ap-northeast-2:123456789012:key/cluster-key", logGroup.Input("kmsKeyId"));
    }

    [Fact]
    public async Task Guardrail_10_cluster_runs_the_pinned_supported_version()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        Assert.Equal(Planned().KubernetesVersion, result.Single(EksCluster).Input("version"));
        Assert.Equal("1.35", Planned().KubernetesVersion);
    }

    [Fact]
    public async Task Cluster_opts_out_of_extended_support_explicitly()
    {
        // Act
        var result = await ProdAsync();

        // Assert: EKS defaults to EXTENDED (six times the control-plane price past standard support).
        Assert.Equal("STANDARD", Planned().UpgradePolicySupportType);
        Assert.Equal(Planned().UpgradePolicySupportType, result.Single(EksCluster).At("upgradePolicy.supportType"));
    }

    [Fact]
    public async Task Guardrail_10_eks_node_groups_repair_unhealthy_nodes()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var groups = result.OfType(NodeGroup).ToList();
        Assert.Equal(Planned().NodeGroups.Select(g => (object)g.NodeRepair), groups.Select(g => g.At("nodeRepairConfig.enabled")));
        Assert.All(groups, group => Assert.Equal(true, group.At("nodeRepairConfig.enabled")));
    }

    [Fact]
    public async Task Guardrail_12_access_is_through_access_entries_and_the_creator_is_not_admin()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Planned().AccessConfig;
        var cluster = result.Single(EksCluster);
        Assert.Equal(planned.AuthenticationMode, cluster.At("accessConfig.authenticationMode"));
        Assert.Equal(planned.BootstrapClusterCreatorAdminPermissions, cluster.At("accessConfig.bootstrapClusterCreatorAdminPermissions"));
        Assert.Equal(new EksAccessConfigSpec("API", BootstrapClusterCreatorAdminPermissions: false), planned);
    }

    [Fact]
    public async Task Ci_runs_inside_the_vpc_on_a_codebuild_runner_allowed_only_to_the_eks_api()
    {
        // Act
        var result = await ProdAsync();

        // Assert: the planned project, in the private subnets, with the runner's own egress-only group.
        var planned = Planned().CiRunner!;
        var project = result.Single("aws:codebuild/project:Project");
        Assert.Equal(planned.ProjectName, project.Input("name"));
        Assert.Equal("GITHUB", project.At("source.type"));
        Assert.Equal(planned.Repository, project.At("source.location"));
        Assert.Equal(planned.Subnets.Select(SubnetId), ((IReadOnlyList<object>)project.At("vpcConfig.subnets")!).Cast<string>());
        var group = Assert.Single(result.OfType("aws:ec2/securityGroup:SecurityGroup"));
        Assert.False(group.Inputs.ContainsKey("ingress") && ((IReadOnlyList<object>)group.Input("ingress")).Count > 0);
        Assert.Equal(group.Name + "-id", ((IReadOnlyList<object>)project.At("vpcConfig.securityGroupIds")!).Single());

        // The one rule into the cluster: the runner's group, TCP 443 only.
        var rule = result.Single("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        Assert.Equal((group.Name + "-id", "tcp", 443, 443), (rule.Input("referencedSecurityGroupId"), rule.Input("ipProtocol"), Convert.ToInt32(rule.Input("fromPort"), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(rule.Input("toPort"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(rule.Inputs.ContainsKey("cidrIpv4"));
        Assert.Equal("sg-eks-cluster", rule.Input("securityGroupId"));

        // Started by GitHub's workflow-job-queued webhook; GitHub reached through a connection, no token.
        var webhook = result.Single("aws:codebuild/webhook:Webhook");
        Assert.Equal("EVENT", webhook.At("filterGroups.0.filters.0.type"));
        Assert.Equal("WORKFLOW_JOB_QUEUED", webhook.At("filterGroups.0.filters.0.pattern"));
        var credential = result.Single("aws:codebuild/sourceCredential:SourceCredential");
        Assert.Equal(("CODECONNECTIONS", "GITHUB", planned.ConnectionArn), (credential.Input("authType"), credential.Input("serverType"), credential.Input("token")));
    }

    [Fact]
    public async Task Access_entries_are_the_settings_admins_and_previewers_never_the_caller()
    {
        // Act: the mock's caller identity is arn:aws:iam::123456789012:role/deployer, listed in neither setting.
        var result = await ProdAsync();

        // Assert: one entry per planned principal; admins carry the cluster-admin policy, previewers only the preview group.
        var planned = Planned().AccessEntries;
        var settings = Platform.Tests.Support.Repository.Stack("prod").Cluster;
        Assert.Equal([.. settings.Admins, .. settings.Previewers], planned.Select(e => e.PrincipalArn));
        var entries = result.OfType("aws:eks/accessEntry:AccessEntry");
        Assert.Equal(planned.Select(e => e.PrincipalArn), entries.Select(e => e.Input("principalArn")));
        Assert.DoesNotContain(entries, e => Equals(e.Input("principalArn"), "arn:aws:iam::123456789012:role/deployer"));
        var associations = result.OfType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        var admin = Assert.Single(associations);
        Assert.Equal(settings.Admins.Single(), admin.Input("principalArn"));
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", admin.Input("policyArn"));
        Assert.Equal("cluster", admin.At("accessScope.type"));
        var preview = Assert.Single(entries, e => Equals(e.Input("principalArn"), settings.Previewers.Single()));
        Assert.Equal("oneq-order-infra:preview", preview.At("kubernetesGroups.0"));
    }

    [Fact]
    public async Task Guardrail_13_production_cluster_has_deletion_protection_and_pulumi_protect()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(EksCluster);
        Assert.Equal(planned.DeletionProtection, cluster.Input("deletionProtection"));
        Assert.Equal(planned.Protect, cluster.Protected);
        Assert.True(planned.DeletionProtection && planned.Protect);
        Assert.All(result.OfType("aws:kms/key:Key"), k => Assert.True(k.Protected, k.Name));
    }

    [Fact]
    public async Task Eks_launch_template_requires_imdsv2_with_hop_limit_1()
    {
        // Act
        var result = await ProdAsync();

        // Assert (guardrail NODE-01)
        var planned = Assert.Single(Planned().NodeGroups).LaunchTemplate.MetadataOptions;
        var template = result.Single(LaunchTemplate);
        Assert.Equal(new Ec2MetadataOptionsSpec("enabled", "required", 1), planned);
        Assert.Equal(planned.HttpEndpoint, template.At("metadataOptions.httpEndpoint"));
        Assert.Equal(planned.HttpTokens, template.At("metadataOptions.httpTokens"));
        Assert.Equal((double)planned.HttpPutResponseHopLimit, template.At("metadataOptions.httpPutResponseHopLimit"));
        Assert.Equal($"{template.Name}-id", result.Single(NodeGroup).At("launchTemplate.id"));
    }

    [Fact]
    public async Task Guardrail_16_nodes_get_only_worker_and_registry_read_policies_and_the_cni_its_own_role()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        string[] PoliciesOf(string role) => result.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .Where(a => (string)a.Input("role") == role)
            .Select(a => ((string)a.Input("policyArn")).Split('/')[^1])
            .Order(StringComparer.Ordinal)
            .ToArray();
        var planned = Planned();
        Assert.Equal(planned.NodeRole.ManagedPolicies.Order(StringComparer.Ordinal), PoliciesOf("cluster-node-role"));
        Assert.Equal(["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy"], PoliciesOf("cluster-node-role"));
        Assert.Equal(planned.ClusterRole.ManagedPolicies, PoliciesOf("cluster-cluster-role"));
        Assert.Equal(planned.VpcCni.Role.ManagedPolicies, PoliciesOf("cluster-vpc-cni-role"));
        Assert.Equal(["AmazonEKS_CNI_Policy"], PoliciesOf("cluster-vpc-cni-role"));
        var cni = Assert.Single(result.OfType(Addon), a => (string)a.Input("addonName") == "vpc-cni");
        Assert.Equal(planned.VpcCni.ServiceAccount, cni.At("podIdentityAssociations.0.serviceAccount"));
    }

    [Fact]
    public async Task Guardrail_18_node_root_volumes_are_encrypted_with_the_cluster_key()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var planned = Assert.Single(Planned().NodeGroups).LaunchTemplate.RootVolume;
        var template = result.Single(LaunchTemplate);
        Assert.Equal(new EbsVolumeSpec("/dev/xvda", 100, Encrypted: true, "oneq-prod-eks"), planned);
        Assert.Equal(planned.DeviceName, template.At("blockDeviceMappings.0.deviceName"));
        Assert.Equal("true", template.At("blockDeviceMappings.0.ebs.encrypted"));
        Assert.Equal("arn:aws:kms:ap-northeast-2:123456789012:key/cluster-key", template.At("blockDeviceMappings.0.ebs.kmsKeyId"));
        Assert.Equal((double)planned.SizeGb, template.At("blockDeviceMappings.0.ebs.volumeSize"));
    }

    [Fact]
    public async Task Node_group_ignores_only_the_autoscaled_desired_size_and_has_explicit_timeouts()
    {
        // Act
        var result = await ProdAsync();

        // Assert
        var group = result.Single(NodeGroup);
        Assert.Equal(["scalingConfig.desiredSize"], group.IgnoreChanges);
        Assert.Equal(3d, group.At("scalingConfig.minSize"));
        Assert.Equal(9d, group.At("scalingConfig.maxSize"));
        Assert.NotNull(group.Options!.CustomTimeouts?.Create);
        Assert.NotNull(result.Single(EksCluster).Options!.CustomTimeouts?.Update);
    }
}
