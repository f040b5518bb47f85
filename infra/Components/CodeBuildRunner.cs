using OneQOrder.Platform.CloudResources;
using Pulumi;
using Pulumi.Aws.CodeBuild;
using Pulumi.Aws.CodeBuild.Inputs;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Ec2.Inputs;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Iam.Inputs;
using Pulumi.Aws.Vpc;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="CodeBuildRunner"/>.</summary>
public sealed class CodeBuildRunnerArgs
{
    /// <summary>The planned runner.</summary>
    public required CodeBuildRunnerSpec Plan { get; init; }

    /// <summary>The VPC and its subnets (by planned name).</summary>
    public required INetwork Network { get; init; }

    /// <summary>The EKS cluster security group, which the runner is allowed to on 443.</summary>
    public required Output<string> ClusterSecurityGroupId { get; init; }

    /// <summary>The stack's region.</summary>
    public required string Region { get; init; }
}

/// <summary>
/// The in-VPC CI runner of an EKS stack: GitHub Actions jobs labelled <c>codebuild-&lt;project&gt;-…</c> run as builds of a
/// CodeBuild project in the private subnets, where the private EKS endpoint is reachable; nothing is opened to the
/// internet (AWS CodeBuild docs, "Tutorial: Configure a CodeBuild-hosted GitHub Actions runner": a project with a
/// GitHub source, a webhook with the <c>WORKFLOW_JOB_QUEUED</c> event filter, and the job's <c>runs-on</c> label
/// <c>codebuild-&lt;project&gt;-${{ github.run_id }}-${{ github.run_attempt }}</c>). The source credential is a
/// CodeConnections connection (no token is stored). The job itself still assumes the deploy or preview role through
/// GitHub's OIDC token, so the runner's own role only runs builds: logs, its network interfaces, the connection.
/// </summary>
public sealed class CodeBuildRunner : ComponentResource
{
    public CodeBuildRunner(string name, CodeBuildRunnerArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:CodeBuildRunner", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;
        var account = AwsAccount.Lookup(this, args.Region);
        var child = new CustomResourceOptions { Parent = this };

        // Egress only: GitHub, registries and AWS APIs through the NAT gateway; no ingress at all.
        var group = new SecurityGroup($"{name}-sg", new SecurityGroupArgs
        {
            Description = $"{plan.ProjectName}: CodeBuild-hosted GitHub Actions runner (egress only)",
            VpcId = args.Network.NetworkId,
            Egress = { new SecurityGroupEgressArgs { Protocol = "-1", FromPort = 0, ToPort = 0, CidrBlocks = { "0.0.0.0/0" }, Description = "GitHub, registries, AWS APIs (through the NAT gateway)" } },
        }, child);

        // The one way into the cluster from CI: the runner's group to the control plane's group, HTTPS only.
        _ = new SecurityGroupIngressRule($"{name}-to-eks-api", new SecurityGroupIngressRuleArgs
        {
            SecurityGroupId = args.ClusterSecurityGroupId,
            ReferencedSecurityGroupId = group.Id,
            IpProtocol = "tcp",
            FromPort = 443,
            ToPort = 443,
            Description = "CI runner to the EKS API",
        }, child);

        var role = new Role($"{name}-role", new RoleArgs
        {
            AssumeRolePolicy = AwsAccount.AssumeRolePolicy(this, plan.Role.Service, [.. plan.Role.Actions]),
        }, child);
        var subnetArns = plan.Subnets.Select(s => Output.Format($"arn:{account.Partition}:ec2:{args.Region}:{account.AccountId}:subnet/{args.Network.SubnetIds[s]}")).ToList();
        // CodeBuild in a VPC (CodeBuild docs, "Allow CodeBuild to access AWS services in your VPC": the ENI actions and
        // CreateNetworkInterfacePermission on the subnets), its log group, and the connection (CodeConnections docs).
        _ = new RolePolicy($"{name}-policy", new RolePolicyArgs
        {
            Role = role.Id,
            Policy = AwsAccount.Document(this,
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "Logs",
                    Actions = { "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents" },
                    Resources = { Output.Format($"arn:{account.Partition}:logs:{args.Region}:{account.AccountId}:log-group:/aws/codebuild/{plan.ProjectName}:*") },
                },
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "VpcNetworkInterfaces",
                    Actions =
                    {
                        "ec2:CreateNetworkInterface", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                        "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs",
                    },
                    Resources = { "*" },
                },
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "VpcNetworkInterfacePermission",
                    Actions = { "ec2:CreateNetworkInterfacePermission" },
                    Resources = { Output.Format($"arn:{account.Partition}:ec2:{args.Region}:{account.AccountId}:network-interface/*") },
                    Conditions =
                    {
                        new GetPolicyDocumentStatementConditionInputArgs { Test = "StringEquals", Variable = "ec2:AuthorizedService", Values = { "codebuild.amazonaws.com" } },
                        new GetPolicyDocumentStatementConditionInputArgs { Test = "ArnEquals", Variable = "ec2:Subnet", Values = subnetArns.Select(a => (Input<string>)a).ToList() },
                    },
                },
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "GitHubConnection",
                    Actions = { "codeconnections:GetConnectionToken", "codeconnections:GetConnection", "codeconnections:UseConnection" },
                    Resources = { plan.ConnectionArn },
                }),
        }, child);

        var credential = new SourceCredential($"{name}-source-credential", new SourceCredentialArgs
        {
            AuthType = "CODECONNECTIONS",
            ServerType = "GITHUB",
            Token = plan.ConnectionArn,
        }, child);

        var project = new Project($"{name}-project", new ProjectArgs
        {
            Name = plan.ProjectName,
            Description = "GitHub Actions runner inside the VPC: reaches the private EKS API (docs/operations.md)",
            ServiceRole = role.Arn,
            Source = new ProjectSourceArgs { Type = "GITHUB", Location = plan.Repository },
            Environment = new ProjectEnvironmentArgs { Type = "LINUX_CONTAINER", ComputeType = plan.ComputeType, Image = plan.Image },
            Artifacts = new ProjectArtifactsArgs { Type = "NO_ARTIFACTS" },
            VpcConfig = new ProjectVpcConfigArgs
            {
                VpcId = args.Network.NetworkId,
                Subnets = plan.Subnets.Select(s => args.Network.SubnetIds[s]).ToList(),
                SecurityGroupIds = { group.Id },
            },
        }, new CustomResourceOptions { Parent = this, DependsOn = { credential } });

        _ = new Webhook($"{name}-webhook", new WebhookArgs
        {
            ProjectName = project.Name,
            BuildType = "BUILD",
            FilterGroups =
            {
                new WebhookFilterGroupArgs { Filters = { new WebhookFilterGroupFilterArgs { Type = "EVENT", Pattern = plan.WebhookEvent } } },
            },
        }, child);

        RegisterOutputs();
    }
}
