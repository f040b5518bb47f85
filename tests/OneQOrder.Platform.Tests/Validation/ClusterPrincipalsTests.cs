using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// <c>cluster.admins</c> and <c>cluster.previewers</c>: explicit principals, checked against what each cloud accepts
/// (an EKS access entry's IAM role/user ARN; a GCP IAM member), never derived from whoever runs <c>pulumi up</c>.
/// </summary>
public sealed class ClusterPrincipalsTests
{
    private const string P = "oneq-order-infra:";

    private static List<OneQOrder.Platform.Configuration.ConfigError> Errors(string cloud, string cluster)
    {
        var body = (cloud == "aws" ? Config.MinimalAws : "gcp:project: oneq-test\ngcp:region: asia-northeast3\noneq-order-infra:cloud: gcp\noneq-order-infra:cluster:\n  rbacGroup: gke-security-groups@oneq.example")
            + (cluster.Length == 0 ? string.Empty : "\noneq-order-infra:cluster:\n" + cluster);
        return [.. StackConfiguration.Load(Config.FromYaml("principals", body, withAdmin: false)).Errors];
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("gcp")]
    public void A_stack_without_admins_is_refused_on_both_clouds(string cloud)
    {
        var error = Assert.Single(Errors(cloud, string.Empty));

        Assert.Equal(P + "cluster.admins", error.Key);
        Assert.Contains("at least one principal that administers the cluster", error.Expected, StringComparison.Ordinal);
        Assert.Contains("rather than taken from whoever runs pulumi up", error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws", "  admins: [arn:aws:iam::123456789012:role/oneq-deploy]\n  previewers: [arn:aws:iam::123456789012:role/oneq-preview, arn:aws-cn:iam::123456789012:user/ops]")]
    [InlineData("gcp", "  admins: [serviceAccount:deploy@oneq-test.iam.gserviceaccount.com, group:platform@oneq.example]\n  previewers: [user:ops@oneq.example]")]
    public void The_principals_each_cloud_accepts_plan(string cloud, string cluster)
    {
        Assert.Empty(Errors(cloud, cluster));
    }

    [Theory]
    [InlineData("aws", "  admins: [arn:aws:sts::123456789012:assumed-role/oneq-deploy/gha-42]", "admins[0]",
        "the role's ARN, arn:aws:iam::123456789012:role/oneq-deploy, not an STS session ARN (it changes every session)")]
    [InlineData("aws", "  admins: [serviceAccount:deploy@oneq-test.iam.gserviceaccount.com]", "admins[0]",
        "an IAM role or user ARN such as arn:aws:iam::123456789012:role/oneq-deploy (EKS access entry principal)")]
    [InlineData("gcp", "  admins: [arn:aws:iam::123456789012:role/oneq-deploy]", "admins[0]",
        "an IAM member such as serviceAccount:deploy@my-project.iam.gserviceaccount.com, user:ops@example.com or group:ops@example.com")]
    [InlineData("gcp", "  admins: [deploy@oneq-test.iam.gserviceaccount.com]", "admins[0]",
        "an IAM member such as serviceAccount:deploy@my-project.iam.gserviceaccount.com, user:ops@example.com or group:ops@example.com")]
    [InlineData("aws", "  admins: [arn:aws:iam::123456789012:role/a, arn:aws:iam::123456789012:role/a]", "admins[1]", "each principal listed once")]
    [InlineData("aws", "  admins: [arn:aws:iam::123456789012:role/a]\n  previewers: [arn:aws:iam::123456789012:role/a]", "previewers[0]",
        "a principal that is not also in cluster.admins: a preview identity must not be able to change the cluster")]
    [InlineData("gcp", "  admins: [user:a@oneq.example]\n  previewers: [user:b]", "previewers[0]",
        "an IAM member such as serviceAccount:deploy@my-project.iam.gserviceaccount.com, user:ops@example.com or group:ops@example.com")]
    public void A_principal_the_cloud_would_refuse_is_an_error_naming_its_key_and_the_fix(string cloud, string cluster, string key, string expected)
    {
        var error = Assert.Single(Errors(cloud, cluster));

        Assert.Equal(P + "cluster." + key, error.Key);
        Assert.Equal(expected, error.Expected);
    }
}

/// <summary><c>cluster.ciRunner</c>: the in-VPC CodeBuild runner's repository and connection, AWS only.</summary>
public sealed class CiRunnerSettingsTests
{
    private const string P = "oneq-order-infra:";

    private static List<OneQOrder.Platform.Configuration.ConfigError> Errors(string body) =>
        [.. StackConfiguration.Load(Config.FromYaml("runner", body)).Errors];

    [Fact]
    public void A_valid_runner_is_planned_in_the_private_subnets_with_the_workflow_job_event()
    {
        var plan = Platform.Planning.PlatformPlanner.Build(Repository.Validated("prod"));

        var runner = Assert.IsType<Platform.CloudResources.AwsResourcePlan>(plan.Resources).Cluster.CiRunner;

        Assert.NotNull(runner);
        Assert.Equal("oneq-prod-ci-runner", runner.ProjectName);
        Assert.Equal("codebuild-oneq-prod-ci-runner", runner.LabelPrefix);
        Assert.Equal(plan.Network.PrivateSubnets.Select(s => s.Name), runner.Subnets);
        Assert.Equal("WORKFLOW_JOB_QUEUED", runner.WebhookEvent);
        Assert.Equal(Repository.Stack("prod").Cluster.CiRunner!.ConnectionArn, runner.ConnectionArn);
    }

    [Theory]
    [InlineData("  ciRunner:\n    repository: https://github.com/oneq/infra.git\n    connectionArn: arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "cluster.ciRunner.repository")]
    [InlineData("  ciRunner:\n    repository: https://gitlab.com/oneq/infra\n    connectionArn: arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "cluster.ciRunner.repository")]
    [InlineData("  ciRunner:\n    repository: https://github.com/oneq/infra\n    connectionArn: ghp_0123456789", "cluster.ciRunner.connectionArn")]
    [InlineData("  ciRunner:\n    repository: https://github.com/oneq/infra", "cluster.ciRunner.connectionArn")]
    [InlineData("  ciRunner:\n    repository: https://github.com/oneq/infra\n    connectionArn: arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n    token: x", "cluster.ciRunner.token")]
    public void A_runner_codebuild_would_refuse_is_an_error_naming_its_key(string cluster, string key)
    {
        var error = Assert.Single(Errors(Config.MinimalAws + "\noneq-order-infra:cluster:\n" + cluster));

        Assert.Equal(P + key, error.Key);
    }

    [Fact]
    public void A_runner_on_gcp_is_an_error_saying_gke_is_reached_through_its_dns_endpoint()
    {
        var errors = Errors(Config.MinimalGcp + "\noneq-order-infra:cluster:\n  ciRunner:\n    repository: https://github.com/oneq/infra\n    connectionArn: arn:aws:codeconnections:ap-northeast-2:123456789012:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");

        var error = Assert.Single(errors);
        Assert.Equal(P + "cluster.ciRunner", error.Key);
        Assert.Contains("IAM-authorized DNS endpoint", error.Expected, StringComparison.Ordinal);
    }
}
