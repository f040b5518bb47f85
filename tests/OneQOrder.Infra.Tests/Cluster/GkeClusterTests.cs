using OneQOrder.Infra.Tests.Support;

namespace OneQOrder.Infra.Tests.Cluster;

/// <summary>The GKE cluster of the committed dev stack: the Pulumi-side guardrails, asserted on the inputs the engine receives.</summary>
public sealed class GkeClusterTests
{
    private const string GkeCluster = "gcp:container/cluster:Cluster";
    private const string NodePool = "gcp:container/nodePool:NodePool";

    private static Task<DeploymentResult> DevAsync() => MockDeployment.RunAsync(StackConfig.Committed("dev"));

    private static IEnumerable<string> Strings(object? list) => ((IEnumerable<object>)list!).Cast<string>();

    [Fact]
    public async Task Guardrail_01_nodes_are_private()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal(true, cluster.At("privateClusterConfig.enablePrivateNodes"));
        Assert.Equal("172.16.0.0/28", cluster.At("privateClusterConfig.masterIpv4CidrBlock"));
    }

    [Fact]
    public async Task Guardrail_02_api_access_is_limited_to_the_listed_cidrs_and_not_google_ranges()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal("203.0.113.0/24", cluster.At("masterAuthorizedNetworksConfig.cidrBlocks.0.cidrBlock"));
        Assert.Equal(false, cluster.At("masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled"));
        Assert.Equal(false, cluster.At("privateClusterConfig.enablePrivateEndpoint"));
    }

    [Fact]
    public async Task Guardrail_02_without_public_cidrs_the_endpoint_is_private()
    {
        // Arrange
        var dev = StackConfig.Committed("dev");
        var cluster = dev.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster["publicAccessCidrs"] = new System.Text.Json.Nodes.JsonArray();

        // Act
        var result = await MockDeployment.RunAsync(dev.With("oneq-order-infra:cluster", cluster));

        // Assert
        var gke = result.Single(GkeCluster);
        Assert.Equal(true, gke.At("privateClusterConfig.enablePrivateEndpoint"));
        Assert.Empty((IEnumerable<object>)gke.At("masterAuthorizedNetworksConfig.cidrBlocks")!);
    }

    [Fact]
    public async Task Guardrail_03_dataplane_v2_enforces_network_policy_without_the_legacy_addon()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal("ADVANCED_DATAPATH", cluster.Input("datapathProvider"));
        Assert.Null(cluster.At("networkPolicy"));
        Assert.Null(cluster.At("addonsConfig.networkPolicyConfig"));
    }

    [Fact]
    public async Task Guardrail_05_and_07_vpc_native_with_intranode_visibility()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal("VPC_NATIVE", cluster.Input("networkingMode"));
        Assert.Equal("oneq-dev-pods", cluster.At("ipAllocationPolicy.clusterSecondaryRangeName"));
        Assert.Equal("oneq-dev-services", cluster.At("ipAllocationPolicy.servicesSecondaryRangeName"));
        Assert.Equal(true, cluster.Input("enableIntranodeVisibility"));
    }

    [Fact]
    public async Task Guardrail_06_no_firewall_rule_opens_anything_to_the_internet()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var rules = result.OfType("gcp:compute/firewall:Firewall");
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.DoesNotContain("0.0.0.0/0", Strings(r.Input("sourceRanges"))));
    }

    [Fact]
    public async Task Guardrail_08_secrets_are_encrypted_with_a_rotating_key_the_gke_agent_may_use()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        var key = result.Single("gcp:kms/cryptoKey:CryptoKey");
        Assert.Equal("ENCRYPTED", cluster.At("databaseEncryption.state"));
        Assert.Equal($"{key.Name}-id", cluster.At("databaseEncryption.keyName"));
        Assert.Equal("7776000s", key.Input("rotationPeriod"));
        var grant = Assert.Single(result.OfType("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"),
            m => ((string)m.Input("member")).Contains("container-engine-robot", StringComparison.Ordinal));
        Assert.Equal("serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com", grant.Input("member"));
        Assert.Equal("roles/cloudkms.cryptoKeyEncrypterDecrypter", grant.Input("role"));
        Assert.Equal($"{key.Name}-id", grant.Input("cryptoKeyId"));
    }

    [Fact]
    public async Task Guardrail_09_control_plane_logging_includes_the_api_server()
    {
        // Act
        var result = await DevAsync();

        // Assert
        Assert.Contains("APISERVER", Strings(result.Single(GkeCluster).At("loggingConfig.enableComponents")));
    }

    [Fact]
    public async Task Guardrail_09_gke_log_bucket_keeps_logs_for_the_stack_retention()
    {
        // Arrange
        var dev = StackConfig.Committed("dev");
        var cluster = dev.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster["auditLogRetentionDays"] = 400;

        // Act
        var result = await MockDeployment.RunAsync(dev.With("oneq-order-infra:cluster", cluster));

        // Assert
        var bucket = result.Single("gcp:logging/projectBucketConfig:ProjectBucketConfig");
        Assert.Equal("oneq-order-dev", bucket.Input("project"));
        Assert.Equal("_Default", bucket.Input("bucketId"));
        Assert.Equal("global", bucket.Input("location"));
        Assert.Equal(400d, bucket.Input("retentionDays"));
        Assert.False(bucket.Protected); // dev relaxes deletion protection, like the cluster's keys
    }

    [Fact]
    public async Task Guardrail_10_release_channel_and_node_auto_repair_and_upgrade()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal("REGULAR", cluster.At("releaseChannel.channel"));
        var pool = result.Single(NodePool);
        Assert.Equal(true, pool.At("management.autoRepair"));
        Assert.Equal(true, pool.At("management.autoUpgrade"));
        Assert.Equal(1d, pool.At("autoscaling.minNodeCount"));
        Assert.Equal(3d, pool.At("autoscaling.maxNodeCount"));
    }

    [Fact]
    public async Task Guardrail_11_no_legacy_authentication()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        Assert.Equal(false, cluster.Input("enableLegacyAbac"));
        Assert.Equal(false, cluster.Input("enableKubernetesAlpha"));
        Assert.Equal(false, cluster.At("masterAuth.clientCertificateConfig.issueClientCertificate"));
    }

    [Fact]
    public async Task Guardrail_12_gke_uses_google_groups_for_rbac()
    {
        // Act
        var result = await DevAsync();

        // Assert: the committed dev stack's cluster.rbacGroup reaches the cluster unchanged.
        var cluster = result.Single(GkeCluster);
        Assert.Equal("gke-security-groups@oneq.example", cluster.At("authenticatorGroupsConfig.securityGroup"));
    }

    [Fact]
    public async Task Guardrail_12_a_test_stack_without_an_rbac_group_sets_no_authenticator_groups()
    {
        // Arrange: the group removed; a test stack may relax CP-07 (the plan reports it relaxed).
        var dev = StackConfig.Committed("dev");
        var cluster = dev.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster.Remove("rbacGroup");

        // Act
        var result = await MockDeployment.RunAsync(dev.With("oneq-order-infra:cluster", cluster));

        // Assert
        Assert.Null(result.Single(GkeCluster).At("authenticatorGroupsConfig"));
    }

    [Fact]
    public async Task Guardrail_13_test_cluster_relaxes_deletion_protection()
    {
        // Act
        var result = await DevAsync();

        // Assert: the committed dev stack turns it off (relaxable on test stacks), so neither layer protects it.
        var cluster = result.Single(GkeCluster);
        Assert.Equal(false, cluster.Input("deletionProtection"));
        Assert.False(cluster.Protected);
    }

    [Fact]
    public async Task Guardrail_15_workload_identity_and_gke_metadata_server()
    {
        // Act
        var result = await DevAsync();

        // Assert
        Assert.Equal("oneq-order-dev.svc.id.goog", result.Single(GkeCluster).At("workloadIdentityConfig.workloadPool"));
        Assert.Equal("GKE_METADATA", result.Single(NodePool).At("nodeConfig.workloadMetadataConfig.mode"));
    }

    [Fact]
    public async Task Guardrail_16_nodes_run_as_a_dedicated_least_privilege_account()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var account = Assert.Single(result.OfType("gcp:serviceaccount/account:Account"), a => a.ParentType == "oneq:infra:GkeCluster");
        var email = $"{account.Input("accountId")}@oneq-order-dev.iam.gserviceaccount.com";
        Assert.Equal(email, result.Single(NodePool).At("nodeConfig.serviceAccount"));
        var roles = result.OfType("gcp:projects/iAMMember:IAMMember")
            .Where(m => (string)m.Input("member") == $"serviceAccount:{email}")
            .Select(m => (string)m.Input("role"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["roles/artifactregistry.reader", "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer"],
            roles);
    }

    [Fact]
    public async Task Guardrail_17_shielded_cos_nodes_with_secure_boot()
    {
        // Act
        var result = await DevAsync();

        // Assert
        Assert.Equal(true, result.Single(GkeCluster).Input("enableShieldedNodes"));
        var pool = result.Single(NodePool);
        Assert.Equal("COS_CONTAINERD", pool.At("nodeConfig.imageType"));
        Assert.Equal(true, pool.At("nodeConfig.shieldedInstanceConfig.enableSecureBoot"));
        Assert.Equal(true, pool.At("nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring"));
    }

    [Fact]
    public async Task Guardrail_18_boot_disks_use_the_cluster_key()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var key = result.Single("gcp:kms/cryptoKey:CryptoKey");
        Assert.Equal($"{key.Name}-id", result.Single(NodePool).At("nodeConfig.bootDiskKmsKey"));
        Assert.Single(result.OfType("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"),
            m => (string)m.Input("member") == "serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com");
    }

    [Fact]
    public async Task Guardrail_30_control_plane_reaches_the_linkerd_webhooks_on_the_nodes()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var rule = Assert.Single(result.OfType("gcp:compute/firewall:Firewall"));
        Assert.Equal(["172.16.0.0/28"], Strings(rule.Input("sourceRanges")));
        Assert.Equal("tcp", rule.At("allows.0.protocol"));
        Assert.Equal(["8089", "8443", "9443"], Strings(rule.At("allows.0.ports")));
        Assert.Equal(Strings(result.Single(NodePool).At("nodeConfig.tags")), Strings(rule.Input("targetTags")));
    }

    [Fact]
    public async Task Default_node_pool_is_removed_for_a_managed_separate_pool()
    {
        // Act
        var result = await DevAsync();

        // Assert
        Assert.Equal(true, result.Single(GkeCluster).Input("removeDefaultNodePool"));
        Assert.Equal("cluster-gke-id", result.Single(NodePool).Input("cluster"));
    }

    [Fact]
    public async Task Only_release_channel_and_autoscaler_drift_is_ignored_and_timeouts_are_explicit()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var cluster = result.Single(GkeCluster);
        var pool = result.Single(NodePool);
        Assert.Equal(["minMasterVersion"], cluster.IgnoreChanges);
        Assert.Equal(["nodeCount", "version"], pool.IgnoreChanges.Order(StringComparer.Ordinal));
        Assert.NotNull(cluster.Options!.CustomTimeouts?.Create);
        Assert.NotNull(pool.Options!.CustomTimeouts?.Update);
    }
}
