using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>
/// One test per guardrail control: what the library decides for it (settings, plan values, status, relaxability) on
/// each cloud where it applies, and why not where it does not. Controls implemented by Pulumi resources or rendered
/// manifests are asserted there too; docs/guardrails.md lists those tests. The in-cluster controls' tests, which break
/// each control's evidence and expect <c>fail</c>, are in GuardrailControlTests.InCluster.cs.
/// </summary>
public sealed partial class GuardrailControlTests
{
    // ── Network & segmentation ───────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NET_01_worker_nodes_have_no_public_ips(string cloud)
    {
        AssertControl("NET-01", 1, GuardrailLayer.Network, relaxableInTest: false, "cluster.publicNodeIps");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.PrivateNodes);
        var roles = plan.Network.Subnets.ToDictionary(s => s.Name, s => s.Role);
        Assert.All(plan.Cluster.NodePools.SelectMany(p => p.Subnets),
            subnet => Assert.Contains(roles[subnet], new[] { SubnetRole.Private, SubnetRole.Nodes }));
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["NET-01"].Status);
        AssertRelaxation("NET-01", cloud, "oneq-order-infra:cluster:\n  publicNodeIps: true", "cluster.publicNodeIps", "true");
    }

    [Fact]
    public void NET_01_node_groups_never_join_the_public_subnets_of_aws()
    {
        var plan = Plan("aws");

        var publicSubnets = plan.Network.PublicSubnets.Select(s => s.Name).ToList();
        Assert.Equal(3, publicSubnets.Count);
        Assert.All(plan.Cluster.NodePools, pool => Assert.Empty(pool.Subnets.Intersect(publicSubnets)));
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
        Assert.Equal(GuardrailStatus.Pass, restricted.Guardrails["CP-01"].Status);
        AssertRelaxation("CP-01", cloud, "oneq-order-infra:cluster:\n  publicAccessCidrs: [203.0.113.0/24, 0.0.0.0/0]",
            "cluster.publicAccessCidrs[1]", "0.0.0.0/0");
    }

    [Theory]
    [InlineData("gcp", "ADVANCED_DATAPATH")]
    [InlineData("aws", "enableNetworkPolicy=\"true\"")]
    public void CP_02_network_policy_is_enforced_by_the_cni(string cloud, string setting)
    {
        AssertControl("CP-02", 3, GuardrailLayer.Cluster, relaxableInTest: false);

        Assert.Contains(setting, AssertPasses("CP-02", cloud), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NET_03_flow_logs_are_on_and_only_a_test_stack_may_turn_them_off(string cloud)
    {
        AssertControl("NET-03", 5, GuardrailLayer.Network, relaxableInTest: true, "network.flowLogs");

        var plan = Plan(cloud);

        Assert.True(plan.Network.FlowLogs);
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["NET-03"].Status);
        AssertRelaxation("NET-03", cloud, "oneq-order-infra:network:\n  flowLogs: false", "network.flowLogs", "false");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NET_04_default_security_group_and_firewall_admit_no_ssh(string cloud)
    {
        AssertControl("NET-04", 6, GuardrailLayer.Network, relaxableInTest: false);

        Assert.Contains(cloud == "gcp" ? "0.0.0.0/0" : "default security group has no rules", AssertPasses("NET-04", cloud), StringComparison.Ordinal);
    }

    [Fact]
    public void NET_05_gke_is_vpc_native_with_pod_and_service_secondary_ranges()
    {
        AssertControl("NET-05", 7, GuardrailLayer.Network, relaxableInTest: false);

        var plan = Plan("gcp");

        Assert.Equal(["oneq-guard-pods", "oneq-guard-services"], plan.Network.SecondaryRanges.Select(r => r.Name));
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["NET-05"].Status);
        AssertNotApplicable("NET-05", "aws");
    }

    // ── Control plane ────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void CP_03_secrets_are_envelope_encrypted_with_a_customer_managed_key(string cloud)
    {
        AssertControl("CP-03", 8, GuardrailLayer.Cluster, relaxableInTest: false, "cluster.secretsEncryption");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.SecretsEncryption);
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["CP-03"].Status);
        AssertRelaxation("CP-03", cloud, "oneq-order-infra:cluster:\n  secretsEncryption: false", "cluster.secretsEncryption", "false");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void CP_04_audit_logs_are_on_and_kept_twelve_months(string cloud)
    {
        AssertControl("CP-04", 9, GuardrailLayer.Cluster, relaxableInTest: false, "cluster.auditLogs", "cluster.auditLogRetentionDays");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.AuditLogs);
        Assert.Equal(365, plan.Cluster.AuditLogRetentionDays);
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["CP-04"].Status);
        AssertRelaxation("CP-04", cloud, "oneq-order-infra:cluster:\n  auditLogs: false", "cluster.auditLogs", "false");
        AssertRelaxation("CP-04", cloud, "oneq-order-infra:cluster:\n  auditLogRetentionDays: 90", "cluster.auditLogRetentionDays", "90");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void CP_05_cluster_runs_a_supported_version_and_gke_a_release_channel(string cloud)
    {
        AssertControl("CP-05", 10, GuardrailLayer.Cluster, relaxableInTest: false);

        var plan = Plan(cloud);

        Assert.Equal("1.33", plan.Cluster.KubernetesVersion);
        Assert.Equal(cloud == "gcp" ? "REGULAR" : null, plan.Cluster.ReleaseChannel);
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["CP-05"].Status);
        Assert.Contains("cluster.kubernetesVersion", Load(cloud, "oneq-order-infra:cluster:\n  kubernetesVersion: \"1.25\"").Keys().Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void CP_06_gke_has_no_legacy_auth_and_eks_has_none_to_turn_off()
    {
        AssertControl("CP-06", 11, GuardrailLayer.Cluster, relaxableInTest: false);

        Assert.Contains("ABAC", AssertPasses("CP-06", "gcp"), StringComparison.Ordinal);
        AssertNotApplicable("CP-06", "aws");
    }

    [Theory]
    [InlineData("gcp", "authenticatorGroupsConfig.securityGroup=gke-security-groups@oneq.example")]
    [InlineData("aws", "access entries")]
    public void CP_07_cluster_access_goes_through_access_entries_or_groups(string cloud, string mechanism)
    {
        AssertControl("CP-07", 12, GuardrailLayer.Cluster, relaxableInTest: true, "cluster.rbacGroup");

        Assert.Contains(mechanism, AssertPasses("CP-07", cloud), StringComparison.Ordinal);
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

        var plan = PlatformPlanner.Build(result.Settings);

        var entry = plan.Guardrails["CP-07"];
        Assert.Null(plan.Cluster.RbacGroup);
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
        Assert.Null(with.Cluster.RbacGroup);
        Assert.Equal(without.Guardrails["CP-07"].Detail, with.Guardrails["CP-07"].Detail);
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void CP_08_clusters_are_deletion_protected_except_in_test_stacks(string cloud)
    {
        AssertControl("CP-08", 13, GuardrailLayer.Cluster, relaxableInTest: true, "cluster.deletionProtection");

        var plan = Plan(cloud);

        Assert.True(plan.Cluster.DeletionProtection);
        Assert.Equal(GuardrailStatus.Pass, plan.Guardrails["CP-08"].Status);
        AssertRelaxation("CP-08", cloud, "oneq-order-infra:cluster:\n  deletionProtection: false", "cluster.deletionProtection", "false");
    }

    // ── Nodes ────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void NODE_01_eks_nodes_require_imdsv2_with_hop_limit_one()
    {
        AssertControl("NODE-01", 14, GuardrailLayer.Node, relaxableInTest: false);

        Assert.Contains("hop limit 1", AssertPasses("NODE-01", "aws"), StringComparison.Ordinal);
        AssertNotApplicable("NODE-01", "gcp");
    }

    [Fact]
    public void NODE_02_gke_nodes_use_the_gke_metadata_server_and_workload_identity()
    {
        AssertControl("NODE-02", 15, GuardrailLayer.Node, relaxableInTest: false);

        Assert.Contains("workload pool oneq-test.svc.id.goog", AssertPasses("NODE-02", "gcp"), StringComparison.Ordinal);
        AssertNotApplicable("NODE-02", "aws");
    }

    [Theory]
    [InlineData("gcp", "dedicated service account")]
    [InlineData("aws", "AmazonEC2ContainerRegistryReadOnly")]
    public void NODE_03_nodes_run_with_a_least_privilege_identity(string cloud, string identity)
    {
        AssertControl("NODE-03", 16, GuardrailLayer.Node, relaxableInTest: false);

        Assert.Contains(identity, AssertPasses("NODE-03", cloud), StringComparison.Ordinal);
    }

    [Fact]
    public void NODE_04_gke_nodes_are_shielded_with_secure_boot_on_cos_containerd()
    {
        AssertControl("NODE-04", 17, GuardrailLayer.Node, relaxableInTest: false);

        Assert.Contains("COS_CONTAINERD", AssertPasses("NODE-04", "gcp"), StringComparison.Ordinal);
        AssertNotApplicable("NODE-04", "aws");
    }

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void NODE_05_boot_disks_are_encrypted_with_a_customer_managed_key(string cloud)
    {
        AssertControl("NODE-05", 18, GuardrailLayer.Node, relaxableInTest: false);

        Assert.Contains("general 50 GB", AssertPasses("NODE-05", cloud), StringComparison.Ordinal);
    }

    // ── Workload identity ────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp", "Workload Identity")]
    [InlineData("aws", "EKS Pod Identity")]
    public void WI_01_each_service_gets_its_own_cloud_identity(string cloud, string mechanism)
    {
        AssertControl("WI-01", 19, GuardrailLayer.WorkloadIdentity, relaxableInTest: false);

        var detail = AssertPasses("WI-01", cloud);

        Assert.Contains(mechanism, detail, StringComparison.Ordinal);
        Assert.Contains("oneq-guard-<service>", detail, StringComparison.Ordinal);
        Assert.EndsWith("oneq-order, pg, appcard, card, bank", detail, StringComparison.Ordinal);
    }

    // ── Mesh ─────────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void MESH_06_private_gke_opens_the_linkerd_webhook_ports_from_the_control_plane_range()
    {
        AssertControl("MESH-06", 30, GuardrailLayer.Mesh, relaxableInTest: false);

        var plan = Plan("gcp");

        Assert.Equal("172.16.0.0/28", plan.Network.ControlPlaneCidr);
        Assert.Equal([8089, 8443, 9443], ClusterPlan.LinkerdWebhookPorts);
        Assert.Equal("firewall from 172.16.0.0/28 to the nodes on tcp 8089, 8443, 9443", plan.Guardrails["MESH-06"].Detail);
        AssertNotApplicable("MESH-06", "aws");
    }

    // ── Monitoring ───────────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("gcp")]
    [InlineData("aws")]
    public void MON_04_cloud_audit_logs_not_prometheus_hold_the_twelve_month_record(string cloud)
    {
        AssertControl("MON-04", 35, GuardrailLayer.Monitoring, relaxableInTest: false);

        var plan = Plan(cloud, "oneq-order-infra:monitoring:\n  retention: 10d");

        Assert.Equal(
            "Prometheus keeps 10d of metrics; the 12-month record is the control-plane audit log, kept 365 days (CP-04)",
            plan.Guardrails["MON-04"].Detail);
    }
}
