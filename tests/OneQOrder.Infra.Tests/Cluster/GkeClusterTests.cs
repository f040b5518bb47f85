using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;

namespace OneQOrder.Infra.Tests.Cluster;

/// <summary>
/// The GKE cluster of the committed dev stack: the Pulumi-side guardrails, asserted on the inputs the engine receives
/// and compared with the resource plan the guardrail report checks (<see cref="GkeClusterSpec"/>).
/// </summary>
public sealed class GkeClusterTests
{
    private const string GkeCluster = "gcp:container/cluster:Cluster";
    private const string NodePool = "gcp:container/nodePool:NodePool";

    private static Task<DeploymentResult> DevAsync() => MockDeployment.RunAsync(StackConfig.Committed("dev"));

    /// <summary>The committed dev stack's planned GKE resources.</summary>
    private static GkeClusterSpec Planned() =>
        Assert.IsType<GcpResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("dev")).Resources).Cluster;

    private static IEnumerable<string> Strings(object? list) => ((IEnumerable<object>)list!).Cast<string>();

    [Fact]
    public async Task Guardrail_01_nodes_are_private_in_the_planned_subnetwork()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.Equal(planned.PrivateCluster.EnablePrivateNodes, cluster.At("privateClusterConfig.enablePrivateNodes"));
        Assert.True(planned.PrivateCluster.EnablePrivateNodes);
        Assert.Equal(planned.PrivateCluster.MasterIpv4CidrBlock, cluster.At("privateClusterConfig.masterIpv4CidrBlock"));
        Assert.Equal("172.16.0.0/28", planned.PrivateCluster.MasterIpv4CidrBlock);
        // The planned subnetwork name, resolved to the id of the subnetwork the network created; node pools inherit it.
        Assert.Equal("oneq-dev-nodes", planned.Subnetwork);
        Assert.Equal("network-nodes-id", cluster.Input("subnetwork"));
    }

    [Fact]
    public async Task Guardrail_02_api_access_is_limited_to_the_listed_cidrs_and_not_google_ranges()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.Equal(["203.0.113.0/24"], planned.MasterAuthorizedNetworks.CidrBlocks);
        Assert.Equal(planned.MasterAuthorizedNetworks.CidrBlocks[0], cluster.At("masterAuthorizedNetworksConfig.cidrBlocks.0.cidrBlock"));
        Assert.Equal(planned.MasterAuthorizedNetworks.GcpPublicCidrsAccessEnabled, cluster.At("masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled"));
        Assert.Equal(planned.PrivateCluster.EnablePrivateEndpoint, cluster.At("privateClusterConfig.enablePrivateEndpoint"));
        Assert.False(planned.MasterAuthorizedNetworks.GcpPublicCidrsAccessEnabled || planned.PrivateCluster.EnablePrivateEndpoint);
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
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.Equal(planned.DatapathProvider, cluster.Input("datapathProvider"));
        Assert.Equal("ADVANCED_DATAPATH", planned.DatapathProvider);
        Assert.False(planned.NetworkPolicyAddon);
        Assert.Null(cluster.At("networkPolicy"));
        Assert.Null(cluster.At("addonsConfig.networkPolicyConfig"));
    }

    [Fact]
    public async Task Guardrail_05_and_07_vpc_native_with_intranode_visibility()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.Equal(planned.NetworkingMode, cluster.Input("networkingMode"));
        Assert.Equal(planned.PodRange, cluster.At("ipAllocationPolicy.clusterSecondaryRangeName"));
        Assert.Equal(planned.ServiceRange, cluster.At("ipAllocationPolicy.servicesSecondaryRangeName"));
        Assert.Equal(planned.EnableIntranodeVisibility, cluster.Input("enableIntranodeVisibility"));
        Assert.Equal(("VPC_NATIVE", "oneq-dev-pods", "oneq-dev-services", true),
            (planned.NetworkingMode, planned.PodRange, planned.ServiceRange, planned.EnableIntranodeVisibility));
    }

    [Fact]
    public async Task Guardrail_06_no_firewall_rule_opens_anything_to_the_internet()
    {
        // Act
        var result = await DevAsync();

        // Assert: exactly the planned rules, none from the internet.
        var rules = result.OfType("gcp:compute/firewall:Firewall");
        Assert.Equal(Planned().Firewalls.Select(f => f.Name), rules.Select(r => (string)r.Input("name")));
        Assert.All(rules, r => Assert.DoesNotContain("0.0.0.0/0", Strings(r.Input("sourceRanges"))));
    }

    [Fact]
    public async Task Guardrail_08_secrets_are_encrypted_with_a_rotating_key_the_gke_agent_may_use()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        var key = result.Single("gcp:kms/cryptoKey:CryptoKey");
        Assert.Equal(new GkeDatabaseEncryptionSpec("ENCRYPTED", planned.Key.Name), planned.DatabaseEncryption);
        Assert.Equal("ENCRYPTED", cluster.At("databaseEncryption.state"));
        Assert.Equal(planned.Key.Name, key.Input("name"));
        Assert.Equal($"{key.Name}-id", cluster.At("databaseEncryption.keyName"));
        Assert.Equal(planned.Key.RotationPeriod, key.Input("rotationPeriod"));
        Assert.Equal("7776000s", planned.Key.RotationPeriod);
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
        var planned = Planned().LoggingComponents;
        Assert.NotNull(planned);
        Assert.Contains("APISERVER", planned);
        Assert.Equal(planned, Strings(result.Single(GkeCluster).At("loggingConfig.enableComponents")));
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
        var planned = Assert.IsType<GcpResourcePlan>(MockDeployment.PlanOf(dev.With("oneq-order-infra:cluster", cluster)).Resources).Cluster.LogBucket;
        var bucket = result.Single("gcp:logging/projectBucketConfig:ProjectBucketConfig");
        Assert.Equal(new GcpLogBucketSpec("_Default", "global", 400, Protect: false), planned);
        Assert.Equal("oneq-order-dev", bucket.Input("project"));
        Assert.Equal(planned.BucketId, bucket.Input("bucketId"));
        Assert.Equal(planned.Location, bucket.Input("location"));
        Assert.Equal((double)planned.RetentionDays, bucket.Input("retentionDays"));
        Assert.False(bucket.Protected); // dev relaxes deletion protection, like the cluster's keys
    }

    [Fact]
    public async Task Guardrail_10_release_channel_and_node_auto_repair_and_upgrade()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var plannedPool = Assert.Single(planned.NodePools);
        var cluster = result.Single(GkeCluster);
        Assert.Equal(planned.ReleaseChannel, cluster.At("releaseChannel.channel"));
        Assert.Equal("REGULAR", planned.ReleaseChannel);
        var pool = result.Single(NodePool);
        Assert.Equal(plannedPool.AutoRepair, pool.At("management.autoRepair"));
        Assert.Equal(plannedPool.AutoUpgrade, pool.At("management.autoUpgrade"));
        Assert.True(plannedPool.AutoRepair && plannedPool.AutoUpgrade);
        Assert.Equal(1d, pool.At("autoscaling.minNodeCount"));
        Assert.Equal(3d, pool.At("autoscaling.maxNodeCount"));
    }

    [Fact]
    public async Task Guardrail_11_no_legacy_authentication()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.False(planned.EnableLegacyAbac || planned.EnableKubernetesAlpha || planned.IssueClientCertificate);
        Assert.Equal(planned.EnableLegacyAbac, cluster.Input("enableLegacyAbac"));
        Assert.Equal(planned.EnableKubernetesAlpha, cluster.Input("enableKubernetesAlpha"));
        Assert.Equal(planned.IssueClientCertificate, cluster.At("masterAuth.clientCertificateConfig.issueClientCertificate"));
    }

    [Fact]
    public async Task Guardrail_12_gke_uses_google_groups_for_rbac()
    {
        // Act
        var result = await DevAsync();

        // Assert: the committed dev stack's cluster.rbacGroup reaches the cluster unchanged.
        var cluster = result.Single(GkeCluster);
        Assert.Equal("gke-security-groups@oneq.example", Planned().SecurityGroup);
        Assert.Equal(Planned().SecurityGroup, cluster.At("authenticatorGroupsConfig.securityGroup"));
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
        var planned = Planned();
        var cluster = result.Single(GkeCluster);
        Assert.False(planned.DeletionProtection || planned.Protect);
        Assert.Equal(planned.DeletionProtection, cluster.Input("deletionProtection"));
        Assert.Equal(planned.Protect, cluster.Protected);
    }

    [Fact]
    public async Task Guardrail_15_workload_identity_and_gke_metadata_server()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        Assert.Equal("oneq-order-dev.svc.id.goog", planned.WorkloadPool);
        Assert.Equal(planned.WorkloadPool, result.Single(GkeCluster).At("workloadIdentityConfig.workloadPool"));
        Assert.Equal("GKE_METADATA", Assert.Single(planned.NodePools).WorkloadMetadataMode);
        Assert.Equal(planned.NodePools[0].WorkloadMetadataMode, result.Single(NodePool).At("nodeConfig.workloadMetadataConfig.mode"));
        Assert.Equal("true", result.Single(NodePool).AtPath("nodeConfig", "metadata", "disable-legacy-endpoints"));
    }

    [Fact]
    public async Task Guardrail_16_nodes_run_as_a_dedicated_least_privilege_account()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var account = Assert.Single(result.OfType("gcp:serviceaccount/account:Account"), a => a.ParentType == "oneq:infra:GkeCluster");
        Assert.Equal(planned.NodeServiceAccount.AccountId, account.Input("accountId"));
        Assert.Equal(planned.NodeServiceAccount.AccountId, Assert.Single(planned.NodePools).ServiceAccount);
        var email = $"{account.Input("accountId")}@oneq-order-dev.iam.gserviceaccount.com";
        Assert.Equal(email, result.Single(NodePool).At("nodeConfig.serviceAccount"));
        Assert.Equal(planned.NodePools[0].OauthScopes, Strings(result.Single(NodePool).At("nodeConfig.oauthScopes")));
        var roles = result.OfType("gcp:projects/iAMMember:IAMMember")
            .Where(m => (string)m.Input("member") == $"serviceAccount:{email}")
            .Select(m => (string)m.Input("role"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(planned.NodeServiceAccount.Roles.Order(StringComparer.Ordinal), roles);
        Assert.Equal(
            ["roles/artifactregistry.reader", "roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer"],
            roles);
    }

    [Fact]
    public async Task Ci_reaches_the_api_through_the_iam_authorized_dns_endpoint_not_a_source_address()
    {
        // Act
        var result = await DevAsync();

        // Assert: the DNS endpoint is on for external (IAM-authorized) traffic, the IP endpoint's allow list is still
        // the stack's CIDRs (never 0.0.0.0/0), and the kubeconfig points at the DNS endpoint without the cluster CA.
        var cluster = result.Single("gcp:container/cluster:Cluster");
        Assert.Equal(Planned().DnsEndpoint.AllowExternalTraffic, cluster.At("controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic"));
        Assert.True(Planned().DnsEndpoint.AllowExternalTraffic);
        Assert.DoesNotContain("0.0.0.0/0", Planned().MasterAuthorizedNetworks.CidrBlocks);
        using var kubeconfig = System.Text.Json.JsonDocument.Parse(await result.OutputValueAsync<string>("kubeconfig"));
        var server = kubeconfig.RootElement.GetProperty("clusters")[0].GetProperty("cluster");
        Assert.Equal("https://gke-0123456789abcdef-123456789012.asia-northeast3-a.gke.goog", server.GetProperty("server").GetString());
        Assert.False(server.TryGetProperty("certificate-authority-data", out _));
    }

    [Fact]
    public async Task Cluster_admins_and_previewers_get_the_planned_project_roles_and_nobody_else_does()
    {
        // Act
        var result = await DevAsync();

        // Assert: the settings' principals, admins with roles/container.admin, previewers with the credentials-only viewer role.
        var settings = Platform.Tests.Support.Repository.Stack("dev").Cluster;
        var grants = result.OfType("gcp:projects/iAMMember:IAMMember")
            .Where(m => ((string)m.Input("role")).StartsWith("roles/container.", StringComparison.Ordinal))
            .Select(m => ((string)m.Input("member"), (string)m.Input("role")))
            .ToList();
        Assert.Equal(Planned().IamMembers.Select(m => (m.Member, m.Role)), grants);
        Assert.Equal(
            [.. settings.Admins.Select(a => (a, "roles/container.admin")), .. settings.Previewers.Select(p => (p, "roles/container.clusterViewer"))],
            grants);
    }

    [Fact]
    public async Task Guardrail_17_shielded_cos_nodes_with_secure_boot()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var plannedPool = Assert.Single(planned.NodePools);
        Assert.Equal((true, "COS_CONTAINERD", true, true),
            (planned.EnableShieldedNodes, plannedPool.ImageType, plannedPool.EnableSecureBoot, plannedPool.EnableIntegrityMonitoring));
        Assert.Equal(planned.EnableShieldedNodes, result.Single(GkeCluster).Input("enableShieldedNodes"));
        var pool = result.Single(NodePool);
        Assert.Equal(plannedPool.ImageType, pool.At("nodeConfig.imageType"));
        Assert.Equal(plannedPool.EnableSecureBoot, pool.At("nodeConfig.shieldedInstanceConfig.enableSecureBoot"));
        Assert.Equal(plannedPool.EnableIntegrityMonitoring, pool.At("nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring"));
    }

    [Fact]
    public async Task Guardrail_18_boot_disks_use_the_cluster_key()
    {
        // Act
        var result = await DevAsync();

        // Assert
        var planned = Planned();
        var key = result.Single("gcp:kms/cryptoKey:CryptoKey");
        Assert.Equal(planned.Key.Name, Assert.Single(planned.NodePools).BootDiskKmsKey);
        Assert.Equal(planned.Key.Name, key.Input("name"));
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
        var planned = Assert.Single(Planned().Firewalls);
        var rule = Assert.Single(result.OfType("gcp:compute/firewall:Firewall"));
        Assert.Equal("cluster-linkerd-webhooks", rule.Name);
        Assert.Equal(planned.Name, rule.Input("name"));
        Assert.Equal(planned.Direction, rule.Input("direction"));
        Assert.Equal(planned.SourceRanges, Strings(rule.Input("sourceRanges")));
        Assert.Equal(["172.16.0.0/28"], planned.SourceRanges);
        Assert.Equal(planned.Allows[0].Protocol, rule.At("allows.0.protocol"));
        Assert.Equal(planned.Allows[0].Ports.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)), Strings(rule.At("allows.0.ports")));
        Assert.Equal(["8089", "8443", "9443"], Strings(rule.At("allows.0.ports")));
        Assert.Equal(planned.TargetTags, Strings(rule.Input("targetTags")));
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
