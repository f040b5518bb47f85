using System.Collections.Immutable;
using System.Text.Json;
using k8s.Models;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAddons;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using Pulumi;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.Edge;

/// <summary>
/// The public entry's cloud side in the program (issue 12): the load balancer controller's, cert-manager's and
/// external-dns's identities on both clouds, the controller's release with the network's VPC id, and the edge
/// component's apply order (add-ons, mesh and monitoring → edge namespaces → releases in order → gateway objects →
/// routes → service namespaces), asserted on what the engine receives. The edge plan is filled in here, so the
/// ordering holds whatever the edge planner puts in it.
/// </summary>
public sealed class EdgeTests
{
    private const string Role = "aws:iam/role:Role";
    private const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    private const string Association = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
    private const string Release = "kubernetes:helm.sh/v3:Release";
    private const string ConfigGroup = "kubernetes:yaml/v2:ConfigGroup";
    private const string Account = "gcp:serviceaccount/account:Account";
    private const string AccountMember = "gcp:serviceaccount/iAMMember:IAMMember";
    private const string ZoneMember = "gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember";
    private const string ProjectMember = "gcp:projects/iAMMember:IAMMember";
    private const string EdgeComponent = "oneq:infra:Edge";

    /// <summary>The plan of <paramref name="plan"/>'s settings with the test ingress, and an edge plan with one object and release per step.</summary>
    private static PlatformPlan WithIngress(PlatformPlan plan)
    {
        var withIngress = IngressStacks.Plan(plan.Settings);
        static FrozenManifest Map(string name) => FrozenManifest.Freeze(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = EdgePlanner.GatewayNamespace },
        });
        static HelmReleasePlan Chart(string name, string version) =>
            new(name, new HelmChart(name, version, $"https://charts.example/{name}"), name, HelmValues.From(new Dictionary<string, object?>(StringComparer.Ordinal) { ["replicaCount"] = 1 }));
        return withIngress with
        {
            Edge = withIngress.Edge! with
            {
                NamespaceObjects = [FrozenManifest.Freeze(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = EdgePlanner.GatewayNamespace } })],
                Releases = [Chart("cert-manager", "1.21.1"), Chart("external-dns", "1.21.1"), Chart("envoy-gateway", "1.9.0")],
                GatewayObjects = [Map("gateway")],
                RouteObjects = [Map("routes")],
            },
        };
    }

    private static Task<DeploymentResult> RunWithIngressAsync(string stack) => MockDeployment.RunAsync(StackConfig.Committed(stack), WithIngress);

    private static JsonElement Statements(RecordedResource policy) =>
        JsonDocument.Parse((string)policy.Input("policy")).RootElement.GetProperty("statements");

    private static async Task<IReadOnlyList<(string Type, string Name)>> DependenciesOf(RecordedResource resource)
    {
        Output<ImmutableArray<Resource>> dependsOn = resource.Options!.DependsOn;
        return [.. (await OutputUtilities.GetValueAsync(dependsOn)).Select(d => (d.GetResourceType(), d.GetResourceName()))];
    }

    [Fact]
    public async Task Eks_load_balancer_controller_gets_its_own_pod_identity_role_with_the_planned_scoped_statements()
    {
        // Act
        var result = await RunWithIngressAsync("prod");

        // Assert: the association names kube-system/aws-load-balancer-controller and the controller's own role.
        var association = Assert.Single(result.OfType(Association), a => a.Name == "cluster-aws-load-balancer-controller");
        Assert.Equal("oneq:infra:EksCluster", association.ParentType);
        Assert.Equal(("kube-system", "aws-load-balancer-controller"), ((string)association.Input("namespace"), (string)association.Input("serviceAccount")));
        Assert.Equal("arn:aws:iam::123456789012:cluster-aws-load-balancer-controller-role", association.Input("roleArn"));
        var trust = (string)Assert.Single(result.OfType(Role), r => r.Name == "cluster-aws-load-balancer-controller-role").Input("assumeRolePolicy");
        Assert.Contains("pods.eks.amazonaws.com", trust, StringComparison.Ordinal);

        // Exactly the planned statements, their ARNs in this stack's partition, region and account.
        var planned = Assert.IsType<AwsResourcePlan>(WithIngress(MockDeployment.PlanOf(StackConfig.Committed("prod"))).Resources).Edge!.LoadBalancerController;
        var policy = Assert.Single(result.OfType(RolePolicy), p => (string)p.Input("role") == "cluster-aws-load-balancer-controller-role");
        var statements = Statements(policy).EnumerateArray().ToList();
        Assert.Equal(planned.InlinePolicy.Select(s => s.Sid), statements.Select(s => s.GetProperty("sid").GetString()));
        var create = Assert.Single(statements, s => s.GetProperty("sid").GetString() == "CreateOwnLoadBalancers");
        Assert.Equal(
            ["arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/*/*", "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/*/*"],
            create.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        var describe = Assert.Single(statements, s => s.GetProperty("sid").GetString() == "DescribeNetworkAndLoadBalancers");
        Assert.Equal(["*"], describe.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Eks_dns_identities_are_pod_identities_scoped_to_the_hosted_zone_arn()
    {
        // Act
        var result = await RunWithIngressAsync("prod");

        // Assert
        var zone = $"arn:aws:route53:::hostedzone/{IngressStacks.DnsZone(Platform.Settings.Cloud.Aws)}";
        foreach (var (component, sid) in new[] { ("cert-manager", "WriteChallengeRecords"), ("external-dns", "WriteRecords") })
        {
            var association = Assert.Single(result.OfType(Association), a => a.Name == $"cluster-{component}");
            Assert.Equal((component, component), ((string)association.Input("namespace"), (string)association.Input("serviceAccount")));
            var policy = Assert.Single(result.OfType(RolePolicy), p => (string)p.Input("role") == $"cluster-{component}-role");
            var write = Assert.Single(Statements(policy).EnumerateArray(), s => s.GetProperty("sid").GetString() == sid);
            Assert.Equal([zone], write.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task Eks_load_balancer_controller_release_gets_the_networks_vpc_id()
    {
        // Act
        var result = await RunWithIngressAsync("prod");

        // Assert: the planned release, with the VPC the network component created merged over its values file.
        var plan = WithIngress(MockDeployment.PlanOf(StackConfig.Committed("prod")));
        var release = Assert.Single(result.OfType(Release), r => r.Name == "addons-aws-load-balancer-controller");
        Assert.Equal("oneq:infra:ClusterAddons", release.ParentType);
        ReleaseAssert.MatchesPlan(plan.Addons.LoadBalancerController!.Release, release);
        var vpc = result.Single("aws:ec2/vpc:Vpc");
        Assert.Equal($"{vpc.Name}-id", release.At($"values.{LoadBalancerControllerPlan.VpcIdValueKey}"));
    }

    [Fact]
    public async Task Eks_program_refuses_a_load_balancer_controller_without_a_vpc_id()
    {
        // Act: the add-ons component alone, without the network's VPC id.
        var plan = WithIngress(MockDeployment.PlanOf(StackConfig.Committed("prod")));
        var error = await Record.ExceptionAsync(() => Pulumi.Deployment.TestAsync(new ResourceRecorder().Mock.Object, new Pulumi.Testing.TestOptions { IsPreview = true }, () =>
        {
            _ = new Components.ClusterAddons("addons", new Components.ClusterAddonsArgs
            {
                Plan = plan.Addons,
                KeyReferences = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { [plan.Addons.StorageClass.KmsKey] = Output.Create("arn:key") },
                Provider = new Pulumi.Kubernetes.Provider("k8s"),
            });
        }));

        // Assert
        Assert.NotNull(error);
        Assert.Contains("VPC id", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gke_dns_identities_are_workload_identities_with_roles_on_the_managed_zone()
    {
        // Act
        var result = await RunWithIngressAsync("dev");

        // Assert
        var accounts = result.OfType(Account).Where(a => a.ParentType == "oneq:infra:GkeEdgeIdentities").ToList();
        Assert.Equal(["oneq-dev-certmgr", "oneq-dev-extdns"], accounts.Select(a => (string)a.Input("accountId")));
        var users = result.OfType(AccountMember).Where(m => m.ParentName == "edge-identities").ToList();
        Assert.Equal(
            ["serviceAccount:oneq-order-dev.svc.id.goog[cert-manager/cert-manager]", "serviceAccount:oneq-order-dev.svc.id.goog[external-dns/external-dns]"],
            users.Select(m => (string)m.Input("member")));
        Assert.All(users, m => Assert.Equal("roles/iam.workloadIdentityUser", m.Input("role")));
        Assert.Equal(accounts.Select(a => a.Name), users.Select(m => (string)m.Input("serviceAccountId")));

        var zoneGrants = result.OfType(ZoneMember);
        Assert.Equal(2, zoneGrants.Count);
        Assert.All(zoneGrants, m => Assert.Equal(("oneq-example-com", "roles/dns.admin", "oneq-order-dev"), ((string)m.Input("managedZone"), (string)m.Input("role"), (string)m.Input("project"))));
        Assert.Equal(["serviceAccount:oneq-dev-certmgr@oneq-order-dev.iam.gserviceaccount.com", "serviceAccount:oneq-dev-extdns@oneq-order-dev.iam.gserviceaccount.com"],
            zoneGrants.Select(m => (string)m.Input("member")));
        var projectGrants = result.OfType(ProjectMember).Where(m => m.ParentName == "edge-identities").ToList();
        Assert.All(projectGrants, m => Assert.Equal("roles/dns.reader", m.Input("role")));
        Assert.Equal(2, projectGrants.Count);

        // GKE provisions the load balancer itself: no controller release, no controller identity.
        Assert.DoesNotContain(result.OfType(Release), r => (string)r.Input("chart") == ChartCatalogue.AwsLoadBalancerController.Name);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Edge_applies_namespaces_then_releases_in_order_then_gateway_objects_then_routes(string stack)
    {
        // Act
        var result = await RunWithIngressAsync(stack);

        // Assert: one chain, each step depending on the one before it.
        var edge = result.Resources.Where(r => r.ParentType == EdgeComponent).ToList();
        string[] chain = ["edge-namespaces", "edge-envoy-gateway-crds", "edge-cert-manager", "edge-external-dns", "edge-envoy-gateway", "edge-gateway", "edge-routes"];
        Assert.Equal(chain.Order(StringComparer.Ordinal), edge.Select(r => r.Name).Order(StringComparer.Ordinal));
        for (var i = 1; i < chain.Length; i++)
        {
            var step = Assert.Single(edge, r => r.Name == chain[i]);
            Assert.Contains(chain[i - 1], (await DependenciesOf(step)).Select(d => d.Name));
        }

        Assert.All(edge.Where(r => r.Type == Release), r => Assert.Equal(Components.Edge.ReleaseTimeoutSeconds, Convert.ToInt32(r.Input("timeout"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["edge-envoy-gateway-crds", "edge-gateway", "edge-namespaces", "edge-routes"], edge.Where(r => r.Type == ConfigGroup).Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("dev", "edge-identities")]
    [InlineData("prod", null)]
    public async Task Edge_waits_for_the_add_ons_the_mesh_monitoring_and_the_identities_and_service_namespaces_wait_for_it(string stack, string? gcpIdentities)
    {
        // Act
        var result = await RunWithIngressAsync(stack);

        // Assert: the load balancer controller (add-ons), the Gateway API CRDs (mesh) and the identities come first.
        var edge = result.Single(EdgeComponent);
        var dependencies = (await DependenciesOf(edge)).Select(d => d.Name).ToList();
        Assert.Contains("addons", dependencies);
        Assert.Contains("mesh", dependencies);
        Assert.Contains("monitoring", dependencies);
        Assert.Contains("cluster", dependencies); // holds the EKS Pod Identity associations
        if (gcpIdentities is not null)
        {
            Assert.Contains(gcpIdentities, dependencies);
        }

        Assert.Contains("edge", (await DependenciesOf(result.Single("oneq:infra:ServiceNamespaces"))).Select(d => d.Name));
        Assert.Equal(["api.oneq.example.com"], (await result.OutputValueAsync<ImmutableArray<string>>("publicHostnames")).ToArray());
        Assert.Contains("status.addresses", await result.OutputValueAsync<string>("publicAddressCommand"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task The_committed_stacks_install_the_planned_edge_releases_envoy_gateway_by_its_oci_reference(string stack)
    {
        // Act: the committed stack as it is, with the real edge plan.
        var plan = MockDeployment.PlanOf(StackConfig.Committed(stack));
        var result = await MockDeployment.RunAsync(StackConfig.Committed(stack));

        // Assert: each planned release, chart, version, namespace and values file exactly as planned.
        var releases = result.Resources.Where(r => r.Type == Release && r.ParentType == EdgeComponent).ToList();
        Assert.Equal(plan.Edge!.Releases.Select(r => $"edge-{r.Name}"), releases.Select(r => r.Name));
        foreach (var planned in plan.Edge.Releases)
        {
            ReleaseAssert.MatchesPlan(planned, Assert.Single(releases, r => r.Name == $"edge-{planned.Name}"));
        }

        // Envoy Gateway's chart exists only in an OCI registry: one reference, no chart repository.
        var envoyGateway = Assert.Single(releases, r => r.Name == $"edge-{EdgePlanner.EnvoyGatewayRelease}");
        Assert.Equal("oci://docker.io/envoyproxy/gateway-helm", envoyGateway.Input("chart"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Without_an_ingress_nothing_of_the_edge_is_created(string stack)
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.WithoutIngress(stack));

        // Assert
        Assert.DoesNotContain(result.Resources, r => r.Type is EdgeComponent or "oneq:infra:GkeEdgeIdentities" or ZoneMember);
        Assert.DoesNotContain(result.Resources, r => r.Name.Contains("load-balancer-controller", StringComparison.Ordinal)
            || r.Name.Contains("cert-manager", StringComparison.Ordinal) || r.Name.Contains("external-dns", StringComparison.Ordinal));
        Assert.DoesNotContain("publicHostnames", result.Outputs.Keys);
    }
}
