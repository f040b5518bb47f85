using System.Collections.Immutable;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Network;
using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Ec2.Inputs;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Iam.Inputs;
using Pulumi.Aws.Kms;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The AWS network of a stack: one VPC, an internet gateway, public and private subnets per availability zone,
/// ONE NAT gateway in the first public subnet that every private route table uses (DESIGN.md; the zonal single point
/// of failure is an accepted risk, docs/operations.md), KMS-encrypted VPC flow logs and a locked default security group.
/// </summary>
public sealed class AwsNetwork : ComponentResource, INetwork
{
    /// <summary>Destination of every default route.</summary>
    private const string AnyIpv4 = "0.0.0.0/0";

    public AwsNetwork(string name, AwsNetworkArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:AwsNetwork", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Network.Plan;
        var resources = args.Resources;
        var prefix = args.Network.NamePrefix;
        string Child(string planned) => ChildNames.Of(name, prefix, planned);
        CustomResourceOptions Options(bool protect = false, params Resource[] dependsOn) =>
            new() { Parent = this, Protect = protect, DependsOn = dependsOn };

        var vpc = new Vpc($"{name}-vpc", new VpcArgs
        {
            CidrBlock = plan.Cidr,
            // EKS needs DNS support and hostnames in the VPC (EKS user guide, "VPC requirements").
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
            Tags = Tags(plan.Name),
        }, Options(resources.Protect));

        // Guardrail NET-04: declaring the default security group with the planned rules (none) strips AWS's defaults.
        var defaultGroup = resources.DefaultSecurityGroup;
        _ = new DefaultSecurityGroup($"{name}-default-sg", new DefaultSecurityGroupArgs
        {
            VpcId = vpc.Id,
            Ingress = defaultGroup.Ingress.Select(r => new DefaultSecurityGroupIngressArgs
            {
                Protocol = r.Protocol, FromPort = r.FromPort, ToPort = r.ToPort, CidrBlocks = r.CidrBlocks.ToList(),
            }).ToList(),
            Egress = defaultGroup.Egress.Select(r => new DefaultSecurityGroupEgressArgs
            {
                Protocol = r.Protocol, FromPort = r.FromPort, ToPort = r.ToPort, CidrBlocks = r.CidrBlocks.ToList(),
            }).ToList(),
            Tags = Tags($"{plan.Name}-default-deny"),
        }, Options());

        var gateway = new InternetGateway($"{name}-igw", new InternetGatewayArgs
        {
            VpcId = vpc.Id,
            Tags = Tags($"{plan.Name}-igw"),
        }, Options());

        Dictionary<string, Subnet> subnets = new(StringComparer.Ordinal);
        foreach (var spec in resources.Subnets)
        {
            var subnet = spec.Plan;
            var tags = Tags(subnet.Name);
            foreach (var (key, value) in subnet.Tags)
            {
                tags.Add(key, value);
            }

            subnets[subnet.Name] = new Subnet(Child(subnet.Name), new SubnetArgs
            {
                VpcId = vpc.Id,
                CidrBlock = subnet.Cidr,
                AvailabilityZone = subnet.Zone,
                // Guardrail NET-01: the plan's value (false: nothing launched here gets a public IP implicitly).
                MapPublicIpOnLaunch = spec.MapPublicIpOnLaunch,
                Tags = tags,
            }, Options());
        }

        var natPlan = plan.NatGateways.Single();
        var eip = new Eip($"{name}-nat-eip", new EipArgs
        {
            Domain = "vpc",
            Tags = Tags($"{natPlan.Name}-eip"),
        }, Options());
        var nat = new NatGateway(Child(natPlan.Name), new NatGatewayArgs
        {
            AllocationId = eip.Id,
            SubnetId = subnets[natPlan.Subnet].Id,
            ConnectivityType = "public",
            Tags = Tags(natPlan.Name),
        }, Options(dependsOn: gateway)); // AWS: a public NAT gateway needs the internet gateway attached first.

        foreach (var table in plan.RouteTables)
        {
            var routeTable = new RouteTable($"{Child(table.Name)}-rt", new RouteTableArgs
            {
                VpcId = vpc.Id,
                Tags = Tags(table.Name),
            }, Options());
            var defaultRoute = new RouteArgs { RouteTableId = routeTable.Id, DestinationCidrBlock = AnyIpv4 };
            if (table.DefaultRoute == "internet-gateway")
            {
                defaultRoute.GatewayId = gateway.Id;
            }
            else
            {
                defaultRoute.NatGatewayId = nat.Id;
            }

            _ = new Route($"{Child(table.Name)}-default", defaultRoute, Options());
            foreach (var subnetName in table.Subnets)
            {
                _ = new RouteTableAssociation($"{Child(subnetName)}-rta", new RouteTableAssociationArgs
                {
                    RouteTableId = routeTable.Id,
                    SubnetId = subnets[subnetName].Id,
                }, Options());
            }
        }

        if (resources.FlowLog is { } flowLog)
        {
            FlowLogs(name, args, flowLog, vpc);
        }

        VpcId = vpc.Id;
        NetworkId = vpc.Id;
        SubnetIds = subnets.ToDictionary(s => s.Key, s => s.Value.Id, StringComparer.Ordinal);
        PrivateSubnetIds = Output.All(plan.PrivateSubnets.Select(s => subnets[s.Name].Id));
        PublicSubnetIds = Output.All(plan.PublicSubnets.Select(s => subnets[s.Name].Id));
        NatGatewayIds = Output.All(nat.Id);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["vpcId"] = VpcId,
            ["privateSubnetIds"] = PrivateSubnetIds,
            ["publicSubnetIds"] = PublicSubnetIds,
            ["natGatewayIds"] = NatGatewayIds,
        });
    }

    /// <summary>The VPC id.</summary>
    [Output]
    public Output<string> VpcId { get; private set; }

    /// <inheritdoc />
    public Output<string> NetworkId { get; }

    /// <summary>The private (node) subnets, one per zone, in zone order.</summary>
    [Output]
    public Output<ImmutableArray<string>> PrivateSubnetIds { get; private set; }

    /// <summary>The public subnets (NAT gateway, internet-facing load balancers).</summary>
    [Output]
    public Output<ImmutableArray<string>> PublicSubnetIds { get; private set; }

    /// <inheritdoc />
    [Output]
    public Output<ImmutableArray<string>> NatGatewayIds { get; private set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Output<string>> SubnetIds { get; }

    /// <summary>
    /// Guardrail NET-03: the planned VPC flow log, to a CloudWatch log group encrypted with its own customer-managed key.
    /// The delivery role may write only to that log group.
    /// </summary>
    private void FlowLogs(string name, AwsNetworkArgs args, AwsFlowLogSpec flowLog, Vpc vpc)
    {
        var plan = args.Network.Plan;
        var account = AwsAccount.Lookup(this, args.Region);
        var keySpec = flowLog.Key;
        var key = new Key($"{name}-flow-logs-key", new KeyArgs
        {
            Description = $"{plan.Name} VPC flow logs",
            EnableKeyRotation = keySpec.EnableKeyRotation,
            DeletionWindowInDays = keySpec.DeletionWindowInDays,
            Policy = account.KeyPolicy(this, [flowLog.LogGroup.Name]),
            Tags = Tags($"{plan.Name}-flow-logs"),
        }, new CustomResourceOptions { Parent = this, Protect = keySpec.Protect });
        var keys = new Dictionary<string, Key>(StringComparer.Ordinal) { [keySpec.Name] = key };
        var logGroupArgs = new LogGroupArgs
        {
            Name = flowLog.LogGroup.Name,
            RetentionInDays = flowLog.LogGroup.RetentionInDays,
            Tags = Tags($"{plan.Name}-flow-logs"),
        };
        if (flowLog.LogGroup.KmsKey is { } keyName)
        {
            logGroupArgs.KmsKeyId = keys[keyName].Arn;
        }

        var logGroup = new LogGroup($"{name}-flow-logs", logGroupArgs, new CustomResourceOptions { Parent = this });
        var role = new Role($"{name}-flow-logs-role", new RoleArgs
        {
            Description = $"VPC flow log delivery for {plan.Name}",
            AssumeRolePolicy = AwsAccount.AssumeRolePolicy(this, "vpc-flow-logs.amazonaws.com"),
            Tags = Tags($"{plan.Name}-flow-logs"),
        }, new CustomResourceOptions { Parent = this });
        var policy = new Policy($"{name}-flow-logs-write", new PolicyArgs
        {
            Description = $"Write {plan.Name} flow logs to their log group only",
            PolicyDocument = AwsAccount.Document(this, new GetPolicyDocumentStatementInputArgs
            {
                Effect = "Allow",
                Actions = { "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams" },
                Resources = { Output.Format($"{logGroup.Arn}:*") },
            }),
        }, new CustomResourceOptions { Parent = this });
        var attachment = new RolePolicyAttachment($"{name}-flow-logs-write", new RolePolicyAttachmentArgs
        {
            Role = role.Name,
            PolicyArn = policy.Arn,
        }, new CustomResourceOptions { Parent = this });
        _ = new FlowLog($"{name}-flow-log", new FlowLogArgs
        {
            VpcId = vpc.Id,
            TrafficType = flowLog.TrafficType,
            LogDestinationType = "cloud-watch-logs",
            LogDestination = logGroup.Arn,
            IamRoleArn = role.Arn,
            MaxAggregationInterval = flowLog.MaxAggregationInterval,
            Tags = Tags($"{plan.Name}-flow-log"),
        }, new CustomResourceOptions { Parent = this, DependsOn = { attachment } });
    }

    private static InputMap<string> Tags(string resourceName) => new() { { "Name", resourceName } };
}

/// <summary>Arguments of <see cref="AwsNetwork"/>.</summary>
public sealed class AwsNetworkArgs
{
    /// <summary>The planned network.</summary>
    public required NetworkLayerArgs Network { get; init; }

    /// <summary>The network's guardrail-bearing arguments (<see cref="AwsResourcePlan.Network"/>).</summary>
    public required AwsNetworkSpec Resources { get; init; }

    /// <summary>The AWS region (<c>aws:region</c>), for the CloudWatch Logs service principal in key policies.</summary>
    public required string Region { get; init; }
}
