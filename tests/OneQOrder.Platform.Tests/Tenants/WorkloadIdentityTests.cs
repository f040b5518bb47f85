using OneQOrder.Platform.Settings;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Tenants;

/// <summary>Guardrail #19: one cloud identity per service, named and scoped at plan time.</summary>
public sealed partial class WorkloadIdentityTests
{
    private const string Services = """

        oneq-order-infra:services:
          - { name: oneq-order, port: 8080 }
        oneq-order-infra:calls: []
        """;

    [Fact]
    public void Gcp_gives_each_service_a_service_account_bound_to_its_namespace_and_ksa()
    {
        // Act
        var identities = PlatformPlanner.Build(Repository.Validated("dev")).WorkloadIdentities;

        // Assert
        var gcp = identities.Cast<GcpWorkloadIdentity>().ToList();
        Assert.Equal(["oneq-order", "pg", "appcard", "card", "bank"], gcp.Select(i => i.Tenant.Name));
        var card = gcp.Single(i => i.Tenant.Name == "card");
        Assert.Equal("oneq-dev-card", card.AccountId);
        Assert.Equal("oneq-dev-card@oneq-order-dev.iam.gserviceaccount.com", card.Email);
        Assert.Equal("serviceAccount:oneq-order-dev.svc.id.goog[card/card]", card.Member);
        Assert.Equal("roles/iam.workloadIdentityUser", GcpWorkloadIdentity.Role);
        Assert.All(gcp, i => Assert.Matches(GcpAccountId(), i.AccountId));
        Assert.All(gcp, i => Assert.InRange(i.AccountId.Length, WorkloadIdentities.GcpAccountIdMinLength, WorkloadIdentities.GcpAccountIdMaxLength));
    }

    [Fact]
    public void Aws_gives_each_service_a_pod_identity_role_within_the_iam_name_limit()
    {
        // Act
        var identities = PlatformPlanner.Build(Repository.Validated("prod")).WorkloadIdentities;

        // Assert
        var aws = identities.Cast<AwsPodIdentity>().ToList();
        Assert.Equal(["oneq-prod-oneq-order", "oneq-prod-pg", "oneq-prod-appcard", "oneq-prod-card", "oneq-prod-bank"], aws.Select(i => i.RoleName));
        Assert.All(aws, i => Assert.True(i.RoleName.Length <= WorkloadIdentities.AwsRoleNameMaxLength));
        Assert.All(aws, i => Assert.Equal((i.Tenant.Name, i.Tenant.Name), (i.Namespace, i.ServiceAccount)));
        Assert.All(aws, i => Assert.Empty(i.ServiceAccountAnnotations));
    }

    [Fact]
    public void Identity_names_are_deterministic_across_plans()
    {
        // Act
        var first = PlatformPlanner.Build(Repository.Validated("dev")).WorkloadIdentities;
        var second = PlatformPlanner.Build(Repository.Validated("dev")).WorkloadIdentities;

        // Assert
        Assert.Equal(first.Select(i => i.Name), second.Select(i => i.Name));
    }

    [Fact]
    public void Validate_rejects_a_service_whose_gcp_account_id_would_exceed_30_characters()
    {
        // Arrange: oneq-staging-europe-oneq-order is 30 characters; one more in the stack name is too many.
        var fits = Config.FromYaml("staging-europe", Config.MinimalGcp + Services);
        var tooLong = Config.FromYaml("staging-europe1", Config.MinimalGcp + Services);

        // Act
        var ok = StackConfiguration.Load(fits);
        var rejected = StackConfiguration.Load(tooLong);

        // Assert
        Assert.Empty(ok.Errors);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal(
            "oneq-order-infra:services[0].name: got \"oneq-order\"; expected a name short enough that the service's GCP service account id oneq-staging-europe1-oneq-order has at most 30 characters (it is oneq-<stack>-<service>; shorten the service or the stack name)",
            error.Message);
    }

    [Fact]
    public void Validate_allows_the_same_names_on_aws_where_role_names_may_be_64_characters()
    {
        // Act
        var result = StackConfiguration.Load(Config.FromYaml("staging-europe1", Config.MinimalAws + Services));

        // Assert
        Assert.Empty(result.Errors);
        Assert.Equal("oneq-staging-europe1-oneq-order", PlatformPlanner.Build(Assert.IsType<ValidatedSettings>(result.Validated)).WorkloadIdentities.Single().Name);
    }

    [Fact]
    public void Validate_rejects_a_service_named_nodes_on_gcp_where_it_would_take_the_node_service_account()
    {
        // Arrange
        var services = Services.Replace("name: oneq-order", "name: nodes", StringComparison.Ordinal);

        // Act
        var gcp = StackConfiguration.Load(Config.FromYaml("dev", Config.MinimalGcp + services));
        var aws = StackConfiguration.Load(Config.FromYaml("dev", Config.MinimalAws + services));

        // Assert
        Assert.Equal(
            "oneq-order-infra:services[0].name: got \"nodes\"; expected a name other than 'nodes' on gcp: oneq-<stack>-nodes is the GKE node service account",
            Assert.Single(gcp.Errors).Message);
        Assert.Empty(aws.Errors);
    }

    [Fact]
    public void Gcp_renders_the_gcp_service_account_annotation_on_each_service_account_and_aws_renders_none()
    {
        // Act
        var gcp = PlatformPlanner.Build(Repository.Validated("dev")).ServiceNamespaces.Single(f => f.FileName == "namespaces/card.yaml").Yaml;
        var aws = PlatformPlanner.Build(Repository.Validated("prod")).ServiceNamespaces.Single(f => f.FileName == "namespaces/card.yaml").Yaml;

        // Assert: only the service's own ServiceAccount carries it, not the patched default one.
        Assert.Single(GcpAnnotation().Matches(gcp));
        Assert.Contains("iam.gke.io/gcp-service-account: oneq-dev-card@oneq-order-dev.iam.gserviceaccount.com", gcp, StringComparison.Ordinal);
        Assert.DoesNotContain("iam.gke.io/", aws, StringComparison.Ordinal);
    }

    /// <summary>The IAM API's accountId pattern.</summary>
    [GeneratedRegex("^[a-z][-a-z0-9]*[a-z0-9]$")]
    private static partial Regex GcpAccountId();

    [GeneratedRegex("iam\\.gke\\.io/gcp-service-account")]
    private static partial Regex GcpAnnotation();
}
