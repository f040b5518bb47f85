using OneQOrder.Infra.Tests.Support;

namespace OneQOrder.Infra.Tests.Programs;

/// <summary>Whole-program properties across the committed stacks and the dev stack moved to AWS.</summary>
public sealed class StackTests
{
    private static readonly string[] CloudComponents =
        ["oneq:infra:AwsNetwork", "oneq:infra:GcpNetwork", "oneq:infra:EksCluster", "oneq:infra:GkeCluster", "oneq:infra:EksPodIdentities", "oneq:infra:GkeWorkloadIdentities", "oneq:infra:GkeEdgeIdentities", "oneq:infra:CodeBuildRunner"];

    public static TheoryData<string, string> ClusterKinds => new()
    {
        { "dev", "gcp:container/cluster:Cluster" },
        { "prod", "aws:eks/cluster:Cluster" },
        { "dev-on-aws", "aws:eks/cluster:Cluster" },
    };

    public static TheoryData<string> Stacks => new() { "dev", "prod", "dev-on-aws" };

    [Theory]
    [MemberData(nameof(ClusterKinds))]
    public async Task Cluster_kind_matches_the_cloud(string stack, string clusterType)
    {
        // Act
        var result = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        var clusters = result.Resources.Where(r => r.Type is "gcp:container/cluster:Cluster" or "aws:eks/cluster:Cluster").ToList();
        Assert.Equal(clusterType, Assert.Single(clusters).Type);
        Assert.Equal(clusterType.StartsWith("aws", StringComparison.Ordinal) ? "aws" : "gcp", await result.OutputValueAsync<string>("cloud"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Every_resource_is_a_child_of_a_component_and_components_sit_under_the_stack(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        Assert.NotEmpty(result.Resources);
        foreach (var resource in result.Resources)
        {
            Assert.False(string.IsNullOrEmpty(resource.Urn), $"{resource.Type} {resource.Name} has no URN");
            Assert.NotNull(resource.Options);
            if (resource.IsComponent)
            {
                Assert.True(resource.ParentType is null or "pulumi:pulumi:Stack", $"{resource.Type} {resource.Name} is parented to {resource.ParentType}");
            }
            else
            {
                Assert.True(resource.ParentType?.StartsWith("oneq:infra:", StringComparison.Ordinal) == true,
                    $"{resource.Type} {resource.Name} is parented to {resource.ParentType}");
                Assert.StartsWith($"{resource.ParentName}-", resource.Name, StringComparison.Ordinal);
            }
        }

        // Cloud resources live in the cloud layer's components, of the matching cloud.
        foreach (var resource in result.Resources.Where(r => r.Type.StartsWith("aws:", StringComparison.Ordinal)))
        {
            Assert.True(resource.ParentType is "oneq:infra:AwsNetwork" or "oneq:infra:EksCluster" or "oneq:infra:EksPodIdentities" or "oneq:infra:CodeBuildRunner", $"{resource.Type} {resource.Name} under {resource.ParentType}");
        }

        foreach (var resource in result.Resources.Where(r => r.Type.StartsWith("gcp:", StringComparison.Ordinal)))
        {
            Assert.True(resource.ParentType is "oneq:infra:GcpNetwork" or "oneq:infra:GkeCluster" or "oneq:infra:GkeWorkloadIdentities" or "oneq:infra:GkeEdgeIdentities", $"{resource.Type} {resource.Name} under {resource.ParentType}");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Kubeconfig_is_a_secret_that_uses_the_cloud_exec_plugin_and_no_token(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        Assert.True(await result.OutputIsSecretAsync<string>("kubeconfig"));
        var kubeconfig = await result.OutputValueAsync<string>("kubeconfig");
        using var document = System.Text.Json.JsonDocument.Parse(kubeconfig);
        var exec = document.RootElement.GetProperty("users")[0].GetProperty("user").GetProperty("exec");
        Assert.Equal(stack == "dev" ? "gke-gcloud-auth-plugin" : "aws", exec.GetProperty("command").GetString());
        var user = document.RootElement.GetProperty("users")[0].GetProperty("user");
        Assert.Equal(["exec"], user.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Kubeconfig_and_provider_inputs_are_identical_between_runs(string stack)
    {
        // Act
        var first = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));
        var second = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        Assert.Equal(await first.OutputValueAsync<string>("kubeconfig"), await second.OutputValueAsync<string>("kubeconfig"));
        var a = first.Single("pulumi:providers:kubernetes");
        var b = second.Single("pulumi:providers:kubernetes");
        Assert.Equal(a.Inputs.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"), b.Inputs.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task One_kubernetes_provider_is_used_by_every_in_cluster_resource(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        var provider = result.Single("pulumi:providers:kubernetes");
        Assert.Equal("true", provider.Input("enableServerSideApply"));
        var providerReference = $"{provider.Urn}::{provider.Name}-id";
        var inCluster = result.Resources.Where(r => r.IsKubernetes).ToList();
        Assert.NotEmpty(inCluster);
        Assert.All(inCluster, r =>
        {
            // Custom resources: the engine's provider reference. Remote components (ConfigGroup): the provider option.
            if (!string.IsNullOrEmpty(r.Provider))
            {
                Assert.Equal(providerReference, r.Provider);
            }
            else
            {
                Assert.Equal(provider.Name, r.ProviderOption?.GetResourceName());
                Assert.Equal("pulumi:providers:kubernetes", r.ProviderOption?.GetResourceType());
            }
        });
    }

    [Theory]
    [InlineData("dev", "true")]
    [InlineData("prod", "false")]
    public async Task Only_test_stacks_drop_unreachable_in_cluster_resources(string stack, string deleteUnreachable)
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed(stack));

        // Assert: the plan's value, which CP-08 checks.
        var planned = MockDeployment.PlanOf(StackConfig.Committed(stack)).Resources.KubernetesProvider.DeleteUnreachable;
        Assert.Equal(planned ? "true" : "false", deleteUnreachable);
        Assert.Equal(deleteUnreachable, result.Single("pulumi:providers:kubernetes").Input("deleteUnreachable"));
    }

    [Fact]
    public async Task Flipping_dev_to_aws_changes_only_the_cloud_layer()
    {
        // Act
        var gcp = await MockDeployment.RunAsync(StackConfig.Committed("dev"));
        var aws = await MockDeployment.RunAsync(StackConfig.DevOnAws());

        // Assert
        // The cluster add-ons are cloud-specific by design (the StorageClass of each cloud's CSI driver; Cluster
        // Autoscaler and the AWS Load Balancer Controller on EKS only) and are compared on their own.
        static List<string> NonCloud(DeploymentResult result) => result.Resources
            .Where(r => !r.Type.StartsWith("aws:", StringComparison.Ordinal) && !r.Type.StartsWith("gcp:", StringComparison.Ordinal))
            .Where(r => !CloudComponents.Contains(r.Type) && r.ParentType != "oneq:infra:ClusterAddons")
            .Select(r => $"{r.Type} {r.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var before = NonCloud(gcp);
        Assert.Contains("pulumi:providers:kubernetes cluster-k8s", before);
        Assert.Equal(before, NonCloud(aws));
        static List<string> Addons(DeploymentResult result) =>
            [.. result.Resources.Where(r => r.ParentType == "oneq:infra:ClusterAddons").Select(r => $"{r.Type} {r.Name}").Order(StringComparer.Ordinal)];
        Assert.Equal(["kubernetes:storage.k8s.io/v1:StorageClass addons-pd-balanced-cmek"], Addons(gcp));
        Assert.Equal(["kubernetes:helm.sh/v3:Release addons-aws-load-balancer-controller", "kubernetes:helm.sh/v3:Release addons-cluster-autoscaler", "kubernetes:storage.k8s.io/v1:StorageClass addons-gp3"], Addons(aws));
        Assert.DoesNotContain(aws.Resources, r => r.Type.StartsWith("gcp:", StringComparison.Ordinal));
        Assert.DoesNotContain(gcp.Resources, r => r.Type.StartsWith("aws:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task Changes_are_ignored_only_where_the_autoscaler_or_release_channel_drift(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(Network.NetworkTests.Config(stack));

        // Assert
        var ignoring = result.Resources
            .Where(r => r.IgnoreChanges.Count > 0)
            .ToDictionary(r => r.Type, r => string.Join(",", r.IgnoreChanges.Order(StringComparer.Ordinal)));
        var expected = stack == "dev"
            ? new Dictionary<string, string>
            {
                ["gcp:container/cluster:Cluster"] = "minMasterVersion",
                ["gcp:container/nodePool:NodePool"] = "nodeCount,version",
            }
            : new Dictionary<string, string> { ["aws:eks/nodeGroup:NodeGroup"] = "scalingConfig.desiredSize" };
        Assert.Equal(expected.OrderBy(kv => kv.Key), ignoring.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("dev", false)]
    public async Task Cluster_keys_and_network_are_protected_exactly_when_deletion_protection_is_on(string stack, bool protect)
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed(stack));

        // Assert: every resource the resource plan lists for CP-08, and only those, with the plan's protect.
        var planned = MockDeployment.PlanOf(StackConfig.Committed(stack)).Resources.Protection;
        Assert.All(planned, p => Assert.Equal(protect, p.Protect));
        var guarded = result.Resources.Where(r => r.Type is "aws:eks/cluster:Cluster" or "gcp:container/cluster:Cluster"
            or "aws:kms/key:Key" or "gcp:kms/cryptoKey:CryptoKey" or "gcp:kms/keyRing:KeyRing"
            or "aws:ec2/vpc:Vpc" or "gcp:compute/network:Network" or "gcp:compute/subnetwork:Subnetwork"
            or "gcp:logging/projectBucketConfig:ProjectBucketConfig").ToList();
        Assert.Equal(planned.Count, guarded.Count);
        Assert.All(guarded, r => Assert.Equal(protect, r.Protected));
        Assert.Equal(protect ? planned.Count : 0, result.Resources.Count(r => r.Protected));
    }

    [Fact]
    public async Task Stack_outputs_name_the_cloud_cluster_network_nat_namespaces_and_how_to_reach_grafana()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert
        Assert.Equal("oneq-prod", await result.OutputValueAsync<string>("clusterName"));
        Assert.Equal("network-vpc-id", await result.OutputValueAsync<string>("networkId"));
        var namespaces = await result.OutputValueAsync<System.Collections.Immutable.ImmutableArray<string>>("namespaces");
        Assert.Equal<string>(["oneq-order", "pg", "appcard", "card", "bank"], namespaces.ToArray());
        Assert.Equal("kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80", await result.OutputValueAsync<string>("grafana"));
    }
}
