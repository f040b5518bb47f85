using System.Collections.Immutable;
using System.Text.Json;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.CloudResources;
using Pulumi;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.WorkloadIdentity;

/// <summary>Guardrail #19 (WI-01): one cloud identity per service, trusted only by that service's namespace and ServiceAccount.</summary>
public sealed class WorkloadIdentityTests
{
    private const string Role = "aws:iam/role:Role";
    private const string Association = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
    private const string Account = "gcp:serviceaccount/account:Account";
    private const string Member = "gcp:serviceaccount/iAMMember:IAMMember";
    private static readonly string[] Services = ["oneq-order", "pg", "appcard", "card", "bank"];

    [Fact]
    public async Task Guardrail_19_each_service_gets_one_pod_identity_role_trusted_only_by_eks_pods()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: one named role and one association per service (the planned identities WI-01 checked), all
        // children of the one component.
        var planned = Assert.IsType<AwsResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("prod")).Resources);
        var roles = result.OfType(Role).Where(r => r.ParentType == "oneq:infra:EksPodIdentities").ToList();
        // (Cluster Autoscaler's association belongs to the cluster component, ClusterAddonsTests.)
        var associations = result.OfType(Association).Where(a => a.ParentType == "oneq:infra:EksPodIdentities").ToList();
        Assert.Equal(planned.PodIdentities.Select(i => i.RoleName), roles.Select(r => (string)r.Input("name")));
        Assert.Equal(Services.Select(s => $"oneq-prod-{s}"), roles.Select(r => (string)r.Input("name")));
        Assert.Equal(Services.Select(s => $"workload-identities-{s}-role"), roles.Select(r => r.Name));
        Assert.Equal(5, associations.Count);
        Assert.All(associations, a => Assert.Equal("workload-identities", a.ParentName));
        Assert.All(associations, a => Assert.Equal("oneq-prod", a.Input("clusterName")));
        Assert.Equal(planned.PodIdentities.Select(i => i.Namespace), associations.Select(a => (string)a.Input("namespace")));
        Assert.Equal(planned.PodIdentities.Select(i => i.ServiceAccount), associations.Select(a => (string)a.Input("serviceAccount")));
        Assert.Equal(Services, associations.Select(a => (string)a.Input("namespace")));
        Assert.Equal(roles.Select(r => $"arn:aws:iam::123456789012:{r.Name}"), associations.Select(a => (string)a.Input("roleArn")));

        // The trust policy (rendered by aws.iam.getPolicyDocument) names only the Pod Identity service principal.
        Assert.All(roles, role =>
        {
            using var trust = JsonDocument.Parse((string)role.Input("assumeRolePolicy"));
            var statement = Assert.Single(trust.RootElement.GetProperty("statements").EnumerateArray());
            Assert.Equal("Allow", statement.GetProperty("effect").GetString());
            Assert.Equal(planned.PodIdentityTrust.Actions, statement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(["sts:AssumeRole", "sts:TagSession"], statement.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
            var principal = Assert.Single(statement.GetProperty("principals").EnumerateArray());
            Assert.Equal("Service", principal.GetProperty("type").GetString());
            Assert.Equal([planned.PodIdentityTrust.Service], principal.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal(["pods.eks.amazonaws.com"], principal.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        });

        // No permissions: nothing is attached to the service roles.
        Assert.DoesNotContain(result.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"), a => a.ParentName == "workload-identities");
        var exported = await result.OutputValueAsync<ImmutableDictionary<string, string>>("workloadIdentities");
        Assert.Equal("arn:aws:iam::123456789012:workload-identities-card-role", exported["card"]);
        Assert.Equal(Services.Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Guardrail_19_pod_identity_associations_wait_for_the_cluster_and_its_pod_identity_agent()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("prod"));

        // Assert: the component depends on the whole cluster component, which holds the eks-pod-identity-agent add-on.
        var component = result.Single("oneq:infra:EksPodIdentities");
        Output<ImmutableArray<Resource>> dependsOn = component.Options!.DependsOn;
        var dependencies = await OutputUtilities.GetValueAsync(dependsOn);
        Assert.Contains(dependencies, d => d.GetResourceType() == "oneq:infra:EksCluster" && d.GetResourceName() == "cluster");
        Assert.Contains(result.OfType("aws:eks/addon:Addon"), a => (string)a.Input("addonName") == "eks-pod-identity-agent" && a.ParentType == "oneq:infra:EksCluster");
    }

    [Fact]
    public async Task Guardrail_19_each_service_gets_one_gcp_service_account_bound_to_its_namespace_and_ksa()
    {
        // Act
        var result = await MockDeployment.RunAsync(StackConfig.Committed("dev"));

        // Assert: the planned identities WI-01 checked.
        var planned = Assert.IsType<GcpResourcePlan>(MockDeployment.PlanOf(StackConfig.Committed("dev")).Resources);
        var accounts = result.OfType(Account).Where(a => a.ParentType == "oneq:infra:GkeWorkloadIdentities").ToList();
        var members = result.OfType(Member).Where(m => m.ParentName == "workload-identities").ToList(); // not the edge's DNS accounts (GkeEdgeIdentities)
        Assert.Equal(planned.WorkloadIdentities.Select(i => i.AccountId), accounts.Select(a => (string)a.Input("accountId")));
        Assert.Equal(planned.WorkloadIdentities.Select(i => i.Member), members.Select(m => (string)m.Input("member")));
        Assert.Equal(Services.Select(s => $"oneq-dev-{s}"), accounts.Select(a => (string)a.Input("accountId")));
        Assert.All(accounts, a => Assert.Equal("oneq-order-dev", a.Input("project")));
        Assert.Equal(5, members.Count);
        Assert.All(members, m => Assert.Equal("workload-identities", m.ParentName));
        Assert.All(members, m => Assert.Equal("roles/iam.workloadIdentityUser", m.Input("role")));
        Assert.Equal(Services.Select(s => $"serviceAccount:oneq-order-dev.svc.id.goog[{s}/{s}]"), members.Select(m => (string)m.Input("member")));
        Assert.Equal(accounts.Select(a => a.Name), members.Select(m => (string)m.Input("serviceAccountId")));

        // No permissions: no project role names a service account of this component.
        Assert.DoesNotContain(result.OfType("gcp:projects/iAMMember:IAMMember"), m => ((string)m.Input("member")).Contains("oneq-dev-card@", StringComparison.Ordinal));
        var exported = await result.OutputValueAsync<ImmutableDictionary<string, string>>("workloadIdentities");
        Assert.Equal("oneq-dev-card@oneq-order-dev.iam.gserviceaccount.com", exported["card"]);
    }
}
