using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAddons;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.ClusterAddons;

/// <summary>
/// Persistent volumes and node autoscaling (issue 10, items 1 and 2), proven on the planned objects and the rendered
/// Helm values: every volume claim names a StorageClass that exists, the classes are encrypted with the key the
/// node disks use, and Cluster Autoscaler acts only through its own identity.
/// </summary>
public sealed class ClusterAddonsPlanTests
{
    /// <summary>
    /// StorageClasses a cloud creates in every cluster, so a claim may name them without the stack creating them. GKE:
    /// <c>standard</c>, <c>standard-rwo</c>, <c>premium-rwo</c> (GKE docs, "Persistent volumes and dynamic
    /// provisioning"). EKS: none since Kubernetes 1.30 (EKS user guide, "Storage classes": gp2 is no longer created).
    /// </summary>
    private static readonly IReadOnlyDictionary<Cloud, string[]> CloudClasses = new Dictionary<Cloud, string[]>
    {
        [Cloud.Gcp] = ["premium-rwo", "standard", "standard-rwo"],
        [Cloud.Aws] = [],
    };

    private static PlatformPlan Plan(string stack) => PlatformPlanner.Build(Repository.Validated(stack));

    /// <summary>
    /// Every volume claim the platform's releases and manifests would create: each <c>volumeClaimTemplate</c> in any
    /// release's values, and each PersistentVolumeClaim object, with the StorageClass it names (null: none).
    /// </summary>
    private static List<(string Where, string? StorageClass)> Claims(PlatformPlan plan)
    {
        var claims = new List<(string, string?)>();
        void Walk(string where, HelmValues values)
        {
            foreach (var (key, value) in values)
            {
                if (value is not HelmValues child)
                {
                    continue;
                }

                if (key == "volumeClaimTemplate")
                {
                    var spec = child.TryGetValue("spec", out var s) ? s as HelmValues : null;
                    claims.Add(($"{where}.{key}", spec is not null && spec.TryGetValue("storageClassName", out var name) ? name as string : null));
                }
                else
                {
                    Walk($"{where}.{key}", child);
                }
            }
        }

        foreach (var release in plan.Addons.Releases.Concat(plan.Mesh.Releases).Append(plan.Monitoring.Release))
        {
            Walk(release.Name, release.Values);
        }

        var objects = plan.InCluster.Objects.Select(o => o.Thaw());
        claims.AddRange(objects.OfType<k8s.Models.V1PersistentVolumeClaim>().Select(c => ($"PVC {c.Metadata.NamespaceProperty}/{c.Metadata.Name}", (string?)c.Spec.StorageClassName)));
        return claims;
    }

    private static List<string> Unbound(PlatformPlan plan)
    {
        var present = CloudClasses[plan.Settings.Cloud].Append(plan.Addons.StorageClass.Name).ToHashSet(StringComparer.Ordinal);
        return [.. Claims(plan).Where(c => c.StorageClass is null || !present.Contains(c.StorageClass)).Select(c => $"{c.Where} names {c.StorageClass ?? "no StorageClass"}")];
    }

    [Theory]
    [InlineData("dev", "pd-balanced-cmek")]
    [InlineData("prod", "gp3")]
    public void Every_volume_claim_names_the_storage_class_the_stack_creates(string stack, string storageClass)
    {
        // Arrange
        var plan = Plan(stack);

        // Act
        var claims = Claims(plan);

        // Assert: Prometheus's claim is found, and every claim names a class that exists.
        Assert.Contains(claims, c => c.Where == "kube-prometheus-stack.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate");
        Assert.Equal(storageClass, plan.Addons.StorageClass.Name);
        Assert.All(claims, c => Assert.Equal(storageClass, c.StorageClass));
        Assert.Empty(Unbound(plan));
    }

    [Fact]
    public void A_claim_without_a_storage_class_is_reported()
    {
        // Arrange: Prometheus's claim as before this change, naming no class (EKS has no default: it stays Pending).
        var plan = Plan("prod");
        var values = plan.Monitoring.Values;
        var prometheus = (HelmValues)values["prometheus"]!;
        var spec = (HelmValues)prometheus["prometheusSpec"]!;
        var storage = (HelmValues)spec["storageSpec"]!;
        var template = (HelmValues)storage["volumeClaimTemplate"]!;
        var claimSpec = ((HelmValues)template["spec"]!).Without("storageClassName");
        var changed = values.With("prometheus", prometheus.With("prometheusSpec", spec.With("storageSpec",
            storage.With("volumeClaimTemplate", template.With("spec", claimSpec)))));
        var broken = plan with { Monitoring = plan.Monitoring with { Release = plan.Monitoring.Release with { Values = changed } } };

        // Act
        var unbound = Unbound(broken);

        // Assert
        Assert.Equal(["kube-prometheus-stack.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate names no StorageClass"], unbound);
    }

    [Fact]
    public void Eks_storage_class_is_the_encrypted_default_gp3_class_with_the_node_volume_key()
    {
        // Arrange
        var plan = Plan("prod");
        var aws = Assert.IsType<AwsResourcePlan>(plan.Resources);

        // Act
        var storage = plan.Addons.StorageClass;
        var manifest = storage.Manifest("arn:aws:kms:ap-northeast-2:123456789012:key/k");

        // Assert: the key NODE-05 encrypts node disks with, and what the EBS CSI driver's parameters mean.
        Assert.Equal(Assert.Single(aws.Cluster.NodeGroups).LaunchTemplate.RootVolume.KmsKey, storage.KmsKey);
        Assert.Equal(aws.Cluster.Key.Name, storage.KmsKey);
        Assert.Equal("ebs.csi.aws.com", manifest.Provisioner);
        Assert.Equal("gp3", manifest.Parameters["type"]);
        Assert.Equal("true", manifest.Parameters["encrypted"]);
        Assert.Equal("arn:aws:kms:ap-northeast-2:123456789012:key/k", manifest.Parameters["kmsKeyId"]);
        Assert.Equal("WaitForFirstConsumer", manifest.VolumeBindingMode);
        Assert.True(manifest.AllowVolumeExpansion);
        Assert.Equal("true", manifest.Metadata.Annotations[StorageClassPlan.DefaultClassAnnotation]);
    }

    [Fact]
    public void Gke_storage_class_uses_the_boot_disk_cmek_key_and_is_not_the_default()
    {
        // Arrange
        var plan = Plan("dev");
        var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);

        // Act
        var storage = plan.Addons.StorageClass;
        var manifest = storage.Manifest("projects/p/locations/l/keyRings/r/cryptoKeys/k");

        // Assert: consistent with NODE-05 (boot disks on the same key); GKE's standard-rwo stays the default.
        Assert.All(gcp.Cluster.NodePools, p => Assert.Equal(p.BootDiskKmsKey, storage.KmsKey));
        Assert.Equal("pd.csi.storage.gke.io", manifest.Provisioner);
        Assert.Equal("pd-balanced", manifest.Parameters["type"]);
        Assert.Equal("projects/p/locations/l/keyRings/r/cryptoKeys/k", manifest.Parameters["disk-encryption-kms-key"]);
        Assert.Equal("WaitForFirstConsumer", manifest.VolumeBindingMode);
        Assert.Null(manifest.Metadata.Annotations);
    }

    [Fact]
    public void Eks_ebs_csi_role_has_the_managed_policy_and_grants_on_the_cluster_key_only()
    {
        // Arrange
        var aws = Assert.IsType<AwsResourcePlan>(Plan("prod").Resources);

        // Act
        var identity = aws.Cluster.EbsCsiDriver.Identity;

        // Assert
        Assert.Equal("aws-ebs-csi-driver", aws.Cluster.EbsCsiDriver.AddonName);
        Assert.Equal(("kube-system", "ebs-csi-controller-sa"), (identity.Namespace, identity.ServiceAccount));
        Assert.Equal(["service-role/AmazonEBSCSIDriverPolicy"], identity.Role.ManagedPolicies);
        Assert.Equal("pods.eks.amazonaws.com", identity.Role.Trust.Service);
        Assert.All(identity.InlinePolicy, s => Assert.Equal(aws.Cluster.Key.Name, s.KmsKey));
        var grants = Assert.Single(identity.InlinePolicy, s => s.Actions.Contains("kms:CreateGrant"));
        Assert.Equal(new AwsConditionSpec("Bool", "kms:GrantIsForAWSResource", ["true"]), Assert.Single(grants.Conditions));
    }

    [Fact]
    public void Eks_cluster_autoscaler_discovers_the_tagged_node_groups_and_resizes_only_them()
    {
        // Arrange
        var plan = Plan("prod");
        var aws = Assert.IsType<AwsResourcePlan>(plan.Resources);

        // Act
        var autoscaler = Assert.IsType<ClusterAutoscalerPlan>(plan.Addons.ClusterAutoscaler);
        var values = autoscaler.Release.Values;

        // Assert: the release is pinned and discovers groups by this cluster's tags, which every node group carries.
        Assert.Equal(("cluster-autoscaler", "9.59.0"), (autoscaler.Release.Chart.Name, autoscaler.Release.Chart.Version));
        Assert.Equal("kube-system", autoscaler.Release.Namespace);
        Assert.Equal(plan.Cluster.Name, ((HelmValues)values["autoDiscovery"]!)["clusterName"]);
        Assert.Equal("aws", values["cloudProvider"]);
        Assert.Equal("ap-northeast-2", values["awsRegion"]);
        Assert.Equal(aws.Cluster.ClusterAutoscaler.ServiceAccount, ((HelmValues)((HelmValues)values["rbac"]!)["serviceAccount"]!)["name"]);
        Assert.All(aws.Cluster.NodeGroups, g =>
        {
            Assert.Equal("owned", g.Tags[$"k8s.io/cluster-autoscaler/{plan.Cluster.Name}"]);
            Assert.Equal("true", g.Tags["k8s.io/cluster-autoscaler/enabled"]);
        });

        // Its requests are explicit (the chart sets none), so the cost estimate can count them.
        var requests = (HelmValues)((HelmValues)values["resources"]!)["requests"]!;
        Assert.Equal(("100m", "300Mi"), ((string?)requests["cpu"], (string?)requests["memory"]));

        // Only the two calls that change capacity can change anything, and only on this cluster's groups.
        var mutating = aws.Cluster.ClusterAutoscaler.InlinePolicy.Where(s => s.Actions.Any(a => !a.Contains(":Describe", StringComparison.Ordinal) && !a.Contains(":Get", StringComparison.Ordinal))).ToList();
        var scale = Assert.Single(mutating);
        Assert.Equal(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], scale.Actions);
        Assert.Equal(new AwsConditionSpec("StringEquals", $"aws:ResourceTag/k8s.io/cluster-autoscaler/{plan.Cluster.Name}", ["owned"]), Assert.Single(scale.Conditions));
        Assert.Empty(aws.Cluster.ClusterAutoscaler.Role.ManagedPolicies);
    }

    [Fact]
    public void Gke_keeps_node_pool_autoscaling_and_installs_no_autoscaler()
    {
        // Arrange
        var plan = Plan("dev");

        // Act
        var scaling = plan.Addons.NodeScaling;

        // Assert
        Assert.Null(plan.Addons.ClusterAutoscaler);
        Assert.Empty(plan.Addons.Releases);
        Assert.Equal("GKE node-pool autoscaling", scaling.Mechanism);
        var gcp = Assert.IsType<GcpResourcePlan>(plan.Resources);
        Assert.All(gcp.Cluster.NodePools, p => Assert.True(p.Pool.MaxNodes > p.Pool.MinNodes));
    }
}
