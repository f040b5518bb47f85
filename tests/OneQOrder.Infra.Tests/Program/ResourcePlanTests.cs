using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Infra.Tests.Programs;

/// <summary>
/// The program and the guardrail report read the same values: a resource plan changed so that one cloud control fails
/// reaches the resources changed in the same way, so a verdict can never describe something the program does not do.
/// </summary>
public sealed class ResourcePlanTests
{
    /// <summary>One change to a committed stack's resource plan, what the program must make of it, and the control it breaks.</summary>
    private sealed record Case(string Stack, string Control, Func<PlatformPlan, PlatformPlan> Change, Action<DeploymentResult> Applied);

    private static readonly Dictionary<string, Case> Cases = new(StringComparer.Ordinal)
    {
        ["a node group planned into a public subnet joins it"] = new("prod", "NET-01",
            plan => Aws(plan, aws => aws with
            {
                Cluster = aws.Cluster with { NodeGroups = [.. aws.Cluster.NodeGroups.Select(g => g with { Subnets = [.. g.Subnets, aws.Network.Subnets[0].Name] })] },
            }),
            result => Assert.Contains("network-public-ap-northeast-2a-id", Strings(result.Single("aws:eks/nodeGroup:NodeGroup").Input("subnetIds")))),
        ["a planned IMDS hop limit of 2 reaches the launch template"] = new("prod", "NODE-01",
            plan => Aws(plan, aws => aws with
            {
                Cluster = aws.Cluster with
                {
                    NodeGroups = [.. aws.Cluster.NodeGroups.Select(g => g with
                    {
                        LaunchTemplate = g.LaunchTemplate with { MetadataOptions = g.LaunchTemplate.MetadataOptions with { HttpPutResponseHopLimit = 2 } },
                    })],
                },
            }),
            result => Assert.Equal(2d, result.Single("aws:ec2/launchTemplate:LaunchTemplate").At("metadataOptions.httpPutResponseHopLimit"))),
        ["control-plane log types planned without audit reach the cluster"] = new("prod", "CP-04",
            plan => Aws(plan, aws => aws with { Cluster = aws.Cluster with { EnabledClusterLogTypes = ["api", "authenticator"] } }),
            result => Assert.Equal(["api", "authenticator"], Strings(result.Single("aws:eks/cluster:Cluster").Input("enabledClusterLogTypes")))),
        ["an unprotected cluster in the plan is registered unprotected"] = new("prod", "CP-08",
            plan => Aws(plan, aws => aws with { Cluster = aws.Cluster with { Protect = false } }),
            result => Assert.False(result.Single("aws:eks/cluster:Cluster").Protected)),
        ["a node role planned with an extra policy gets it attached"] = new("prod", "NODE-03",
            plan => Aws(plan, aws => aws with
            {
                Cluster = aws.Cluster with { NodeRole = aws.Cluster.NodeRole with { ManagedPolicies = [.. aws.Cluster.NodeRole.ManagedPolicies, "AmazonEKS_CNI_Policy"] } },
            }),
            result => Assert.Contains(result.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
                a => (string)a.Input("role") == "cluster-node-role" && ((string)a.Input("policyArn")).EndsWith("/AmazonEKS_CNI_Policy", StringComparison.Ordinal))),
        ["a webhook firewall planned on one port opens only that port"] = new("dev", "MESH-06",
            plan => Gcp(plan, gcp => gcp with
            {
                Cluster = gcp.Cluster with
                {
                    Firewalls = [.. gcp.Cluster.Firewalls.Select(f => f with { Allows = [new GcpFirewallAllowSpec("tcp", [8443])] })],
                },
            }),
            result => Assert.Equal(["8443"], Strings(result.Single("gcp:compute/firewall:Firewall").At("allows.0.ports")))),
        ["a node pool planned without secure boot is created without it"] = new("dev", "NODE-04",
            plan => Gcp(plan, gcp => gcp with { Cluster = gcp.Cluster with { NodePools = [.. gcp.Cluster.NodePools.Select(p => p with { EnableSecureBoot = false })] } }),
            result => Assert.Equal(false, result.Single("gcp:container/nodePool:NodePool").At("nodeConfig.shieldedInstanceConfig.enableSecureBoot"))),
        ["a subnetwork planned without flow logs has no log config"] = new("dev", "NET-03",
            plan => Gcp(plan, gcp => gcp with { Network = gcp.Network with { Subnetwork = gcp.Network.Subnetwork with { LogConfig = null } } }),
            result => Assert.Null(result.Single("gcp:compute/subnetwork:Subnetwork").At("logConfig"))),
    };

    public static TheoryData<string> Changes => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task The_program_applies_a_changed_resource_plan_and_the_report_fails_the_control_it_breaks(string change)
    {
        // Arrange
        var c = Cases[change];
        var config = StackConfig.Committed(c.Stack);
        var original = MockDeployment.PlanOf(config);
        Assert.NotEqual(GuardrailStatus.Fail, original.Guardrails[c.Control].Status);

        // Act
        var result = await MockDeployment.RunAsync(config, c.Change);
        var report = PlanGuardrails.Evaluate(c.Change(original));

        // Assert
        c.Applied(result);
        Assert.Equal(GuardrailStatus.Fail, report[c.Control].Status);
    }

    private static IEnumerable<string> Strings(object? list) => ((IEnumerable<object>)list!).Cast<string>();

    private static PlatformPlan Aws(PlatformPlan plan, Func<AwsResourcePlan, AwsResourcePlan> change) =>
        plan with { Resources = change(Assert.IsType<AwsResourcePlan>(plan.Resources)) };

    private static PlatformPlan Gcp(PlatformPlan plan, Func<GcpResourcePlan, GcpResourcePlan> change) =>
        plan with { Resources = change(Assert.IsType<GcpResourcePlan>(plan.Resources)) };
}
