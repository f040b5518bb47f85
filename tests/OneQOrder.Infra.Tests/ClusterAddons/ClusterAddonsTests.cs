using System.Text.Json;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAddons;
using OneQOrder.Platform.Rendering;

namespace OneQOrder.Infra.Tests.ClusterAddons;

/// <summary>
/// Persistent volumes and node autoscaling (issue 10, items 1 and 2): the EBS CSI add-on with its own Pod Identity
/// role and key grants, the encrypted StorageClass on both clouds, and Cluster Autoscaler with its own role on EKS,
/// each asserted on the inputs the engine receives and compared with the plan.
/// </summary>
public sealed class ClusterAddonsTests
{
    private const string Addon = "aws:eks/addon:Addon";
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string Attachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    private const string Association = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
    private const string StorageClass = "kubernetes:storage.k8s.io/v1:StorageClass";
    private const string Release = "kubernetes:helm.sh/v3:Release";
    private const string ClusterKeyArn = "arn:aws:kms:ap-northeast-2:123456789012:key/cluster-key";

    private static EksClusterSpec PlannedEks() =>
        Assert.IsType<AwsResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("prod")).Resources).Cluster;

    /// <summary>The statements of an inline policy, read back from the policy document the mock renders.</summary>
    private static JsonElement Statements(RecordedResource policy) =>
        JsonDocument.Parse((string)policy.Input("policy")).RootElement.GetProperty("statements");

    [Fact]
    public async Task Eks_installs_the_ebs_csi_add_on_with_its_own_pod_identity_role_after_the_nodes()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        var planned = PlannedEks().EbsCsiDriver;
        var addon = Assert.Single(result.OfType(Addon), a => (string)a.Input("addonName") == "aws-ebs-csi-driver");
        Assert.Equal("oneq:infra:EksCluster", addon.ParentType);
        Assert.Equal(planned.Identity.ServiceAccount, addon.At("podIdentityAssociations.0.serviceAccount"));
        Assert.Equal("ebs-csi-controller-sa", addon.At("podIdentityAssociations.0.serviceAccount"));
        Assert.Equal("arn:aws:iam::123456789012:cluster-ebs-csi-role", addon.At("podIdentityAssociations.0.roleArn"));
        var trust = JsonDocument.Parse((string)Assert.Single(result.OfType(Role), r => r.Name == "cluster-ebs-csi-role").Input("assumeRolePolicy")).RootElement;
        Assert.Contains("pods.eks.amazonaws.com", trust.GetRawText(), StringComparison.Ordinal);
        var managed = Assert.Single(result.OfType(Attachment), a => (string)a.Input("role") == "cluster-ebs-csi-role");
        Assert.Equal("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", managed.Input("policyArn"));
    }

    [Fact]
    public async Task Eks_ebs_csi_role_may_use_and_grant_only_the_cluster_key()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: the EBS CSI docs' statements for a customer-managed key, on exactly the cluster key's ARN.
        var policy = Assert.Single(result.OfType(RolePolicy), p => (string)p.Input("role") == "cluster-ebs-csi-role");
        var statements = Statements(policy).EnumerateArray().ToList();
        Assert.Equal(["EbsVolumeKeyGrants", "EbsVolumeKeyUse"], statements.Select(s => s.GetProperty("sid").GetString()));
        Assert.All(statements, s => Assert.Equal([ClusterKeyArn], s.GetProperty("resources").EnumerateArray().Select(r => r.GetString())));
        var grants = statements[0];
        Assert.Equal(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], grants.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        var condition = Assert.Single(grants.GetProperty("conditions").EnumerateArray());
        Assert.Equal("kms:GrantIsForAWSResource", condition.GetProperty("variable").GetString());
        Assert.Equal("true", Assert.Single(condition.GetProperty("values").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Eks_storage_class_is_the_default_gp3_class_encrypted_with_the_cluster_key()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        var storage = result.Single(StorageClass);
        Assert.Equal("oneq:infra:ClusterAddons", storage.ParentType);
        Assert.NotNull(storage.ProviderOption);
        Assert.Equal("gp3", storage.At("metadata.name"));
        Assert.Equal("true", storage.AtPath("metadata", "annotations", StorageClassPlan.DefaultClassAnnotation));
        Assert.Equal(ClusterAddonsPlanner.EbsProvisioner, storage.Input("provisioner"));
        Assert.Equal("gp3", storage.At("parameters.type"));
        Assert.Equal("true", storage.At("parameters.encrypted"));
        Assert.Equal(ClusterKeyArn, storage.At("parameters.kmsKeyId"));
        Assert.Equal("WaitForFirstConsumer", storage.Input("volumeBindingMode"));
        Assert.Equal(true, storage.Input("allowVolumeExpansion"));
    }

    [Fact]
    public async Task Eks_installs_the_pinned_cluster_autoscaler_with_its_own_least_privilege_role()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: the release is the planned one, in kube-system.
        var plan = MockDeployment.PlanOf(StackConfig.Committed("prod"));
        var release = Assert.Single(result.OfType(Release), r => r.Name == "addons-cluster-autoscaler");
        Assert.Equal("oneq:infra:ClusterAddons", release.ParentType);
        Assert.Equal(ChartCatalogue.ClusterAutoscaler.Version, release.Input("version"));
        Assert.Equal("9.59.0", release.Input("version"));
        Assert.Equal(PlatformNamespaces.KubeSystem, release.Input("namespace"));
        ReleaseAssert.MatchesPlan(plan.Addons.ClusterAutoscaler!.Release, release);

        // Its ServiceAccount is associated with its own role, whose only mutating statement is scoped by the tag.
        var association = Assert.Single(result.OfType(Association), a => a.Name == "cluster-cluster-autoscaler");
        Assert.Equal(PlatformNamespaces.KubeSystem, association.Input("namespace"));
        Assert.Equal(PlannedEks().ClusterAutoscaler.ServiceAccount, association.Input("serviceAccount"));
        Assert.Equal("arn:aws:iam::123456789012:cluster-cluster-autoscaler-role", association.Input("roleArn"));
        Assert.DoesNotContain(result.OfType(Attachment), a => (string)a.Input("role") == "cluster-cluster-autoscaler-role");
        var policy = Assert.Single(result.OfType(RolePolicy), p => (string)p.Input("role") == "cluster-cluster-autoscaler-role");
        var scale = Assert.Single(Statements(policy).EnumerateArray(), s => s.GetProperty("actions").EnumerateArray().Any(a => a.GetString() == "autoscaling:SetDesiredCapacity"));
        var condition = Assert.Single(scale.GetProperty("conditions").EnumerateArray());
        Assert.Equal("aws:ResourceTag/k8s.io/cluster-autoscaler/oneq-prod", condition.GetProperty("variable").GetString());
        Assert.Equal("owned", Assert.Single(condition.GetProperty("values").EnumerateArray()).GetString());

        // The node groups carry the auto-discovery tags the release's autoDiscovery.clusterName matches.
        var group = result.Single("aws:eks/nodeGroup:NodeGroup");
        Assert.Equal("owned", group.AtPath("tags", "k8s.io/cluster-autoscaler/oneq-prod"));
        Assert.Equal("true", group.AtPath("tags", "k8s.io/cluster-autoscaler/enabled"));
    }

    [Fact]
    public async Task Gke_storage_class_names_the_cmek_key_and_gke_installs_no_autoscaler()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("dev"));

        // Assert
        var storage = result.Single(StorageClass);
        Assert.Equal("oneq:infra:ClusterAddons", storage.ParentType);
        Assert.Equal("pd-balanced-cmek", storage.At("metadata.name"));
        Assert.Null(storage.At("metadata.annotations"));
        Assert.Equal(ClusterAddonsPlanner.GcePdProvisioner, storage.Input("provisioner"));
        Assert.Equal("pd-balanced", storage.At("parameters.type"));
        Assert.Equal("cluster-key-id", storage.AtPath("parameters", "disk-encryption-kms-key"));
        Assert.Equal("WaitForFirstConsumer", storage.Input("volumeBindingMode"));
        Assert.DoesNotContain(result.OfType(Release), r => (string)r.Input("chart") == ChartCatalogue.ClusterAutoscaler.Name);
        Assert.DoesNotContain(result.Resources, r => r.Name.Contains("autoscaler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_storage_class_naming_a_key_the_cluster_does_not_create_fails_the_program()
    {
        // Act
        var error = await Assert.ThrowsAnyAsync<Exception>(() => MockDeployment.RunAsync(StackConfig.Committed("prod"), plan => plan with
        {
            Addons = plan.Addons with { StorageClass = plan.Addons.StorageClass with { KmsKey = "no-such-key" } },
        }));

        // Assert
        Assert.Contains("no-such-key", error.ToString(), StringComparison.Ordinal);
    }
}
