using System.Text.RegularExpressions;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAddons;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.CloudResources;

/// <summary>
/// The public entry's cloud side (issue 12): the AWS Load Balancer Controller's, cert-manager's and external-dns's
/// identities and the controller's release, proven on the planned records: least privilege (no wildcard actions,
/// mutations scoped to this stack's ARNs and this cluster's tag, the DNS writes to the one zone), and nothing at all
/// without an ingress.
/// </summary>
public sealed class EdgeIdentitiesTests
{
    /// <summary>Upstream's statements for features an NLB with IP targets for a Service never uses (ALB, listener rules, TLS, WAF, Shield, Cognito).</summary>
    private static readonly string[] NotNeededByNlbServices =
    [
        "acm:", "cognito-idp:", "iam:GetServerCertificate", "iam:ListServerCertificates", "shield:", "waf-regional:", "wafv2:",
        "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyIpPools", "elasticloadbalancing:ModifyCapacityReservation",
    ];

    /// <summary>The values of <c>kubernetes.io/cluster/&lt;cluster&gt;</c> the controller accepts on a subnet (LBC docs, deploy/subnet_discovery.md).</summary>
    private static readonly string[] ClusterTagValues = ["owned", "shared"];

    private static PlatformPlan Plan(string stack) => IngressStacks.Plan(Repository.Stack(stack));

    private static AwsEdgeIdentitiesSpec AwsEdge() => Assert.IsType<AwsResourcePlan>(Plan("prod").Resources).Edge!;

    private static string Arn(AwsArnSpec arn) => arn.Format("aws", "ap-northeast-2", "123456789012");

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Without_an_ingress_no_edge_identity_or_load_balancer_controller_is_planned(string stack)
    {
        // Act
        var plan = PlatformPlanner.Build(IngressStacks.Without(Repository.Stack(stack)));

        // Assert
        Assert.Null(plan.Settings.Ingress);
        Assert.Null((plan.Resources as AwsResourcePlan)?.Edge);
        Assert.Null((plan.Resources as GcpResourcePlan)?.Edge);
        Assert.Null(plan.Addons.LoadBalancerController);
        Assert.DoesNotContain(plan.Addons.Releases, r => r.Chart == ChartCatalogue.AwsLoadBalancerController);
    }

    [Fact]
    public void The_load_balancer_controller_role_is_its_own_pod_identity_in_kube_system()
    {
        // Act
        var controller = AwsEdge().LoadBalancerController;

        // Assert
        Assert.Equal("kube-system", controller.Namespace);
        Assert.Equal("aws-load-balancer-controller", controller.ServiceAccount);
        Assert.Equal("pods.eks.amazonaws.com", controller.Role.Trust.Service);
        Assert.Empty(controller.Role.ManagedPolicies);
    }

    [Fact]
    public void Edge_roles_name_no_wildcard_action_and_only_read_calls_apply_to_every_resource()
    {
        // Act
        var statements = AwsEdge().All.SelectMany(i => i.Identity.InlinePolicy).ToList();

        // Assert: describe and list calls have no resource-level permissions; everything else names its ARNs.
        Assert.DoesNotContain(statements.SelectMany(s => s.Actions), a => a.Contains('*', StringComparison.Ordinal));
        var unscoped = statements.Where(s => s.OnEveryResource).SelectMany(s => s.Actions.Select(a => (s.Sid, Action: a)))
            .Where(a => !Regex.IsMatch(a.Action.Split(':')[1], "^(Describe|List|Get)", RegexOptions.None, TimeSpan.FromSeconds(1)))
            .ToList();
        Assert.Empty(unscoped);
        Assert.DoesNotContain(statements.SelectMany(s => s.Resources).Select(Arn), arn => arn.EndsWith(":*", StringComparison.Ordinal) || arn == "*");
    }

    [Fact]
    public void The_load_balancer_controller_policy_drops_what_nlb_services_do_not_use()
    {
        // Act
        var policy = AwsEdge().LoadBalancerController.InlinePolicy;
        var actions = policy.SelectMany(s => s.Actions).ToList();
        var arns = policy.SelectMany(s => s.Resources).Select(Arn).ToList();

        // Assert: the NLB path's calls are there; upstream's ALB/TLS/WAF ones are not, nor ALB ARNs.
        Assert.Contains("elasticloadbalancing:CreateLoadBalancer", actions);
        Assert.Contains("elasticloadbalancing:RegisterTargets", actions);
        Assert.Contains("ec2:AuthorizeSecurityGroupIngress", actions);
        Assert.Contains("ec2:DescribeRouteTables", actions); // subnet discovery by reachability
        Assert.DoesNotContain(actions, a => NotNeededByNlbServices.Any(n => a.StartsWith(n, StringComparison.Ordinal)));
        Assert.DoesNotContain(arns, a => a.Contains("/app/", StringComparison.Ordinal) || a.Contains("listener-rule", StringComparison.Ordinal));
        Assert.All(arns.Where(a => a.StartsWith("arn:aws:elasticloadbalancing:", StringComparison.Ordinal) || a.StartsWith("arn:aws:ec2:", StringComparison.Ordinal)),
            a => Assert.Contains(":ap-northeast-2:123456789012:", a, StringComparison.Ordinal));
    }

    [Fact]
    public void The_load_balancer_controller_changes_only_what_carries_this_clusters_tag()
    {
        // Arrange
        var plan = Plan("prod");
        var cluster = plan.Cluster.Name;
        var policy = Assert.IsType<AwsResourcePlan>(plan.Resources).Edge!.LoadBalancerController.InlinePolicy;

        // Act: each statement that deletes, modifies or registers, and each that creates with tags.
        static bool Has(AwsPolicyStatementSpec s, string test, string variable, string value) =>
            s.Conditions.Any(c => c.Test == test && c.Variable == variable && c.Values.SequenceEqual([value]));
        var destructive = policy.Where(s => s.Actions.Any(a => a.Contains(":Delete", StringComparison.Ordinal) && a != "elasticloadbalancing:DeleteListener"
            || a.Contains(":Modify", StringComparison.Ordinal) && a != "elasticloadbalancing:ModifyListener"
            || a.Contains("Targets", StringComparison.Ordinal) || a.StartsWith("elasticloadbalancing:Set", StringComparison.Ordinal))).ToList();
        var creating = policy.Where(s => s.Actions.Contains("elasticloadbalancing:CreateLoadBalancer") || s.Sid.EndsWith("OnCreate", StringComparison.Ordinal)).ToList();

        // Assert: the resource must carry elbv2.k8s.aws/cluster=<this cluster> (stricter than upstream's "any value").
        Assert.NotEmpty(destructive);
        Assert.All(destructive.Where(s => !s.Actions.Contains("ec2:DeleteTags")), s =>
            Assert.True(Has(s, "StringEquals", "aws:ResourceTag/elbv2.k8s.aws/cluster", cluster), s.Sid));
        Assert.Equal(3, creating.Count);
        Assert.All(creating, s => Assert.True(Has(s, "StringEquals", "aws:RequestTag/elbv2.k8s.aws/cluster", cluster), s.Sid));

        // The one rule it adds to a group it did not create: on the node (cluster) security group EKS tags as owned.
        var node = Assert.Single(policy, s => s.Sid == "OpenNodeSecurityGroupToLoadBalancers");
        Assert.True(Has(node, "StringEquals", $"aws:ResourceTag/kubernetes.io/cluster/{cluster}", "owned"));
        Assert.Equal(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], node.Actions);
    }

    [Fact]
    public void Dns_roles_write_only_in_the_configured_hosted_zone()
    {
        // Arrange
        var edge = AwsEdge();
        var zone = $"arn:aws:route53:::hostedzone/{IngressStacks.DnsZone(Cloud.Aws)}";

        // Act
        var writes = edge.CertManager.InlinePolicy.Concat(edge.ExternalDns.InlinePolicy)
            .Where(s => s.Actions.Contains("route53:ChangeResourceRecordSets")).ToList();

        // Assert
        Assert.Equal(IngressStacks.DnsZone(Cloud.Aws), edge.HostedZoneId);
        Assert.Equal(2, writes.Count);
        Assert.All(writes, s => Assert.Equal([zone], s.Resources.Select(Arn)));
        var challenge = Assert.Single(edge.CertManager.InlinePolicy, s => s.Actions.Contains("route53:ChangeResourceRecordSets"));
        Assert.Equal(["TXT"], Assert.Single(challenge.Conditions, c => c.Variable == "route53:ChangeResourceRecordSetsRecordTypes").Values);
        Assert.Equal(["arn:aws:route53:::change/*"], Assert.Single(edge.CertManager.InlinePolicy, s => s.Actions.Contains("route53:GetChange")).Resources.Select(Arn));
        Assert.Equal(("cert-manager", "cert-manager"), (edge.CertManager.Namespace, edge.CertManager.ServiceAccount));
        Assert.Equal(("external-dns", "external-dns"), (edge.ExternalDns.Namespace, edge.ExternalDns.ServiceAccount));
    }

    [Fact]
    public void Arns_carry_the_partition_and_only_the_scope_their_service_uses()
    {
        Assert.Equal("arn:aws-cn:route53:::hostedzone/Z1", new AwsArnSpec("route53", AwsArnScope.Global, "hostedzone/Z1").Format("aws-cn", "cn-north-1", "1"));
        Assert.Equal("arn:aws:iam::123:role/r", new AwsArnSpec("iam", AwsArnScope.Account, "role/r").Format("aws", "eu-west-1", "123"));
        Assert.Equal("arn:aws:ec2:eu-west-1:123:vpc/*", new AwsArnSpec("ec2", AwsArnScope.Regional, "vpc/*").Format("aws", "eu-west-1", "123"));
    }

    [Fact]
    public void Public_subnets_carry_the_tags_the_load_balancer_controller_discovers_them_by()
    {
        // Arrange
        var plan = Plan("prod");

        // Act
        var publicSubnets = plan.Network.Subnets.Where(s => s.Role == SubnetRole.Public).ToList();

        // Assert: LBC docs, deploy/subnet_discovery.md: role tag kubernetes.io/role/elb, and a cluster tag naming this cluster.
        Assert.NotEmpty(publicSubnets);
        Assert.All(publicSubnets, s => Assert.Equal("1", s.Tags["kubernetes.io/role/elb"]));
        Assert.All(publicSubnets, s => Assert.Contains(s.Tags[CloudResourcePlanner.KubernetesClusterTag(plan.Cluster.Name)], ClusterTagValues));
    }

    [Fact]
    public void Gcp_dns_identities_are_workload_identities_with_write_access_to_the_managed_zone_only()
    {
        // Act
        var plan = Plan("dev");
        var edge = Assert.IsType<GcpResourcePlan>(plan.Resources).Edge!;

        // Assert
        Assert.Equal(IngressStacks.DnsZone(Cloud.Gcp), edge.ManagedZone);
        Assert.Equal(["cert-manager", "external-dns"], edge.Identities.Select(i => i.Component));
        var certManager = edge.Identity("cert-manager");
        Assert.Equal("oneq-dev-certmgr", certManager.AccountId);
        Assert.Equal("oneq-dev-certmgr@oneq-order-dev.iam.gserviceaccount.com", certManager.Email);
        Assert.Equal("serviceAccount:oneq-order-dev.svc.id.goog[cert-manager/cert-manager]", certManager.WorkloadIdentityMember);
        Assert.Equal("serviceAccount:oneq-order-dev.svc.id.goog[external-dns/external-dns]", edge.Identity("external-dns").WorkloadIdentityMember);
        Assert.All(edge.Identities, i => Assert.Equal(["roles/dns.admin"], i.ZoneRoles));
        Assert.All(edge.Identities, i => Assert.Equal(["roles/dns.reader"], i.ProjectRoles));
        Assert.Null(plan.Addons.LoadBalancerController);
    }

    [Theory]
    [InlineData("cert-manager", "oneq-dev-certmgr")]
    [InlineData("external-dns", "oneq-dev-extdns")]
    public void Edge_service_account_ids_are_valid_gcp_account_ids(string component, string id)
    {
        // Act
        var actual = CloudResourcePlanner.EdgeServiceAccountId(Repository.Stack("dev"), component);

        // Assert: IAM API accountId, [a-z]([-a-z0-9]*[a-z0-9]), 6 to 30 characters.
        Assert.Equal(id, actual);
        Assert.Matches("^[a-z]([-a-z0-9]*[a-z0-9])$", actual);
        Assert.InRange(actual.Length, 6, 30);
    }

    [Fact]
    public void An_edge_service_account_id_that_would_not_fit_is_refused()
    {
        var settings = Repository.Stack("dev") with { Stack = "a-very-long-stack-name" };

        var error = Assert.Throws<ArgumentException>(() => CloudResourcePlanner.EdgeServiceAccountId(settings, "external-dns"));
        Assert.Contains("30 characters", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CloudResourcePlanner.EdgeServiceAccountId(Repository.Stack("dev"), "envoy-gateway"));
    }

    [Fact]
    public void The_load_balancer_controller_release_makes_ip_target_nlbs_for_this_cluster_only()
    {
        // Act
        var plan = Plan("prod");
        var controller = plan.Addons.LoadBalancerController!;
        var values = controller.Release.Values;

        // Assert
        Assert.Equal(ChartCatalogue.AwsLoadBalancerController, controller.Release.Chart);
        Assert.Equal(("aws-load-balancer-controller", "3.5.0", "https://aws.github.io/eks-charts"),
            (controller.Release.Chart.Name, controller.Release.Chart.Version, controller.Release.Chart.Repository));
        Assert.Equal("kube-system", controller.Release.Namespace);
        Assert.Equal(plan.Cluster.Name, values.At("clusterName"));
        Assert.Equal(plan.Settings.Provider.Region, values.At("region"));
        Assert.Equal(2, values.At("replicaCount"));
        Assert.Equal(true, values.At("serviceAccount", "create"));
        Assert.Equal(AwsEdge().LoadBalancerController.ServiceAccount, values.At("serviceAccount", "name"));
        Assert.Null(values.At("serviceAccount", "annotations"));
        Assert.Equal("ip", values.At("defaultTargetType"));
        Assert.Equal(false, values.At("enableServiceMutatorWebhook"));
        Assert.Equal(false, values.At("controllerConfig", "featureGates", "ALBGatewayAPI"));
        Assert.Equal(false, values.At("controllerConfig", "featureGates", "NLBGatewayAPI"));

        // The VPC id exists only at deploy time: the program merges it in at this key, so the plan leaves it out.
        Assert.Null(values.At(LoadBalancerControllerPlan.VpcIdValueKey));
        Assert.Equal("vpcId", LoadBalancerControllerPlan.VpcIdValueKey);
        Assert.Equal(plan.Addons.Releases[^1], controller.Release);
    }

    [Fact]
    public void The_fit_check_counts_the_load_balancer_controller_pods()
    {
        // Act
        var workloads = PlatformWorkloads.Of(Plan("prod"));

        // Assert
        var controller = Assert.Single(workloads, w => w.Name == "kube-system/aws-load-balancer-controller");
        Assert.Equal((2, 100, 128, RequestSource.Plan), (controller.Replicas, controller.CpuMillis, controller.MemoryMiB, controller.Source));
        Assert.DoesNotContain(PlatformWorkloads.Of(PlatformPlanner.Build(IngressStacks.Without(Repository.Stack("prod")))), w => w.Name.Contains("load-balancer", StringComparison.Ordinal));
    }
}
