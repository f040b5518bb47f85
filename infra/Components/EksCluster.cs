using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneQOrder.Platform.ClusterAccess;
using Pulumi;
using Pulumi.Aws.CloudWatch;
using Pulumi.Aws.Ec2;
using Pulumi.Aws.Ec2.Inputs;
using Pulumi.Aws.Eks;
using Pulumi.Aws.Eks.Inputs;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Iam.Inputs;
using Pulumi.Aws.Kms;
using K8s = Pulumi.Kubernetes;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The EKS cluster: private-by-default endpoint, API-mode access entries (the creator is not admin by default),
/// KMS envelope encryption of Secrets, all five control-plane log types to a pre-created encrypted log group,
/// managed node groups in the private subnets behind an IMDSv2-only launch template with encrypted disks, the VPC CNI
/// with network policy enforcement, and the one Kubernetes provider.
/// </summary>
public sealed class EksCluster : ComponentResource, ICluster
{
    /// <summary>EKS control-plane log types (EKS user guide, "Send control plane logs to CloudWatch Logs"): all of them (guardrail #9).</summary>
    public static readonly IReadOnlyList<string> ControlPlaneLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

    /// <summary>EKS access policy granting cluster-admin to the deploy principal (EKS user guide, "Access policy permissions").</summary>
    private const string ClusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

    /// <summary>Cluster create/update can take 10-40 minutes; version upgrades longer (EKS user guide).</summary>
    private static readonly CustomTimeouts ClusterTimeouts = ClusterAccess.Timeouts(create: 40, update: 90, delete: 30);

    /// <summary>Node group rollouts drain nodes one at a time; allow for large pools.</summary>
    private static readonly CustomTimeouts NodeGroupTimeouts = ClusterAccess.Timeouts(create: 30, update: 90, delete: 30);

    public EksCluster(string name, EksClusterArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:EksCluster", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Cluster.Plan;
        var protect = plan.DeletionProtection;
        var account = AwsAccount.Lookup(this, args.Region);
        var logGroupName = $"/aws/eks/{plan.Name}/cluster";
        CustomResourceOptions Child(params Resource[] dependsOn) => new() { Parent = this, DependsOn = dependsOn };

        // One customer-managed key for the cluster's data at rest: Secrets (guardrail #8), control-plane logs (#9) and
        // node volumes (#18). The Auto Scaling service-linked role must be able to use it, or managed node groups
        // cannot launch instances with encrypted volumes (EC2 docs, "Required AWS KMS key policy for use with
        // encrypted volumes").
        var autoScalingRole = Output.Format($"arn:{account.Partition}:iam::{account.AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        var key = new Key($"{name}-key", new KeyArgs
        {
            Description = $"{plan.Name}: Kubernetes Secrets, control-plane logs and node volumes",
            EnableKeyRotation = true,
            DeletionWindowInDays = 30,
            Policy = account.KeyPolicy(this, [logGroupName],
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "AutoScalingUsesKeyForNodeVolumes",
                    Effect = "Allow",
                    Actions = { "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" },
                    Resources = { "*" },
                    Principals = { new GetPolicyDocumentStatementPrincipalInputArgs { Type = "AWS", Identifiers = { autoScalingRole } } },
                },
                new GetPolicyDocumentStatementInputArgs
                {
                    Sid = "AutoScalingGrantsForNodeVolumes",
                    Effect = "Allow",
                    Actions = { "kms:CreateGrant" },
                    Resources = { "*" },
                    Principals = { new GetPolicyDocumentStatementPrincipalInputArgs { Type = "AWS", Identifiers = { autoScalingRole } } },
                    Conditions =
                    {
                        new GetPolicyDocumentStatementConditionInputArgs { Test = "Bool", Variable = "kms:GrantIsForAWSResource", Values = { "true" } },
                    },
                }),
            Tags = Tags(plan.Name),
        }, new CustomResourceOptions { Parent = this, Protect = protect });
        _ = new Pulumi.Aws.Kms.Alias($"{name}-key-alias", new AliasArgs
        {
            Name = $"alias/{plan.Name}-eks",
            TargetKeyId = key.KeyId,
        }, Child());

        // Pre-created so retention and encryption are ours; EKS would otherwise create it with "never expire" and no key.
        var logGroup = new LogGroup($"{name}-control-plane-logs", new LogGroupArgs
        {
            Name = logGroupName,
            RetentionInDays = plan.AuditLogRetentionDays,
            KmsKeyId = key.Arn,
            Tags = Tags(plan.Name),
        }, Child());

        var clusterRole = ServiceRole($"{name}-cluster-role", "eks.amazonaws.com", account, ["AmazonEKSClusterPolicy"],
            ["sts:AssumeRole", "sts:TagSession"]);
        // Nodes get only what the kubelet needs (guardrail #16, EKS user guide "Amazon EKS node IAM role"). The VPC CNI's
        // AmazonEKS_CNI_Policy goes to its own role through EKS Pod Identity below, not to every pod on the node
        // (EKS best practices, "Update the aws-node daemonset to use IRSA" / Pod Identity).
        var nodeRole = ServiceRole($"{name}-node-role", "ec2.amazonaws.com", account,
            ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"]);
        var cniRole = ServiceRole($"{name}-vpc-cni-role", "pods.eks.amazonaws.com", account, ["AmazonEKS_CNI_Policy"],
            ["sts:AssumeRole", "sts:TagSession"]);

        var vpcConfig = new ClusterVpcConfigArgs
        {
            SubnetIds = args.Network.PrivateSubnetIds,
            // Guardrail #2: the private endpoint is always on; the public one only for the listed CIDRs.
            EndpointPrivateAccess = true,
            EndpointPublicAccess = plan.PublicEndpoint,
        };
        if (plan.PublicEndpoint)
        {
            vpcConfig.PublicAccessCidrs = plan.PublicAccessCidrs.ToList();
        }

        var clusterArgs = new ClusterArgs
        {
            Name = plan.Name,
            Version = plan.KubernetesVersion,
            RoleArn = clusterRole.Role.Arn,
            VpcConfig = vpcConfig,
            // Guardrail #12: access entries only, and the identity that created the cluster gets nothing implicitly.
            AccessConfig = new ClusterAccessConfigArgs
            {
                AuthenticationMode = "API",
                BootstrapClusterCreatorAdminPermissions = false,
            },
            // The add-ons below are managed add-ons; without this EKS also installs unmanaged copies that conflict.
            BootstrapSelfManagedAddons = false,
            DeletionProtection = plan.DeletionProtection,
            Tags = Tags(plan.Name),
        };
        if (plan.SecretsEncryption)
        {
            clusterArgs.EncryptionConfig = new ClusterEncryptionConfigArgs
            {
                Provider = new ClusterEncryptionConfigProviderArgs { KeyArn = key.Arn },
                Resources = { "secrets" },
            };
        }

        if (plan.AuditLogs)
        {
            clusterArgs.EnabledClusterLogTypes = ControlPlaneLogTypes.ToList();
        }

        var cluster = new Cluster($"{name}-eks", clusterArgs, new CustomResourceOptions
        {
            Parent = this,
            Protect = protect,
            CustomTimeouts = ClusterTimeouts,
            DependsOn = { logGroup, clusterRole.Attachments[0] },
        });

        // The deploy principal (whoever runs `pulumi up`: the CI role) is the only admin, and visibly so in state.
        var deployer = account.CallerArn.Apply(IamPrincipal.Of);
        var accessEntry = new AccessEntry($"{name}-deployer", new AccessEntryArgs
        {
            ClusterName = cluster.Name,
            PrincipalArn = deployer,
            Type = "STANDARD",
        }, Child());
        var adminPolicy = new AccessPolicyAssociation($"{name}-deployer-admin", new AccessPolicyAssociationArgs
        {
            ClusterName = cluster.Name,
            PrincipalArn = accessEntry.PrincipalArn,
            PolicyArn = ClusterAdminPolicy,
            AccessScope = new AccessPolicyAssociationAccessScopeArgs { Type = "cluster" },
        }, Child());

        // Networking add-ons first so nodes join a working, policy-enforcing network (guardrail #3).
        var podIdentityAgent = Addon($"{name}-pod-identity-agent", "eks-pod-identity-agent", cluster);
        var vpcCni = new Addon($"{name}-vpc-cni", new AddonArgs
        {
            ClusterName = cluster.Name,
            AddonName = "vpc-cni",
            ConfigurationValues = VpcCniConfiguration.Json,
            PodIdentityAssociations =
            {
                new AddonPodIdentityAssociationArgs { RoleArn = cniRole.Role.Arn, ServiceAccount = "aws-node" },
            },
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "OVERWRITE",
        }, Child(podIdentityAgent));
        var kubeProxy = Addon($"{name}-kube-proxy", "kube-proxy", cluster);

        List<Resource> nodeGroups = [];
        foreach (var pool in plan.NodePools)
        {
            var template = new LaunchTemplate($"{name}-{pool.Name}-lt", new LaunchTemplateArgs
            {
                Description = $"{plan.Name} {pool.Name} nodes",
                // Guardrail #14: IMDSv2 only, and one hop so pods cannot reach the node role's credentials.
                MetadataOptions = new LaunchTemplateMetadataOptionsArgs
                {
                    HttpEndpoint = "enabled",
                    HttpTokens = "required",
                    HttpPutResponseHopLimit = 1,
                },
                // Guardrail #18: the root volume encrypted with the cluster key. AL2023 EKS AMIs boot from /dev/xvda.
                BlockDeviceMappings =
                {
                    new LaunchTemplateBlockDeviceMappingArgs
                    {
                        DeviceName = "/dev/xvda",
                        Ebs = new LaunchTemplateBlockDeviceMappingEbsArgs
                        {
                            Encrypted = "true",
                            KmsKeyId = key.Arn,
                            VolumeSize = pool.DiskSizeGb,
                            VolumeType = "gp3",
                            DeleteOnTermination = "true",
                        },
                    },
                },
                // Guardrail #1: no network interface block, so nothing can ask for a public address; nodes take the
                // private subnets' setting (mapPublicIpOnLaunch=false). EKS adds its cluster security group itself.
                TagSpecifications =
                {
                    new LaunchTemplateTagSpecificationArgs { ResourceType = "instance", Tags = Tags($"{plan.Name}-{pool.Name}") },
                },
                Tags = Tags($"{plan.Name}-{pool.Name}"),
            }, Child());

            nodeGroups.Add(new NodeGroup($"{name}-{pool.Name}", new NodeGroupArgs
            {
                ClusterName = cluster.Name,
                NodeGroupName = pool.Name,
                NodeRoleArn = nodeRole.Role.Arn,
                // Guardrail #1: private subnets only.
                SubnetIds = args.Network.PrivateSubnetIds,
                InstanceTypes = { pool.MachineType },
                AmiType = "AL2023_x86_64_STANDARD",
                CapacityType = "ON_DEMAND",
                ScalingConfig = new NodeGroupScalingConfigArgs
                {
                    MinSize = pool.MinNodes,
                    MaxSize = pool.MaxNodes,
                    DesiredSize = pool.MinNodes,
                },
                LaunchTemplate = new NodeGroupLaunchTemplateArgs
                {
                    Id = template.Id,
                    Version = template.LatestVersion.Apply(v => v.ToString(CultureInfo.InvariantCulture)),
                },
                UpdateConfig = new NodeGroupUpdateConfigArgs { MaxUnavailable = 1 },
                // Guardrail #10: EKS node auto repair replaces nodes the node monitoring agent or kubelet reports
                // unhealthy (EKS docs, "Enable node auto repair"), GKE's NodePool.management.autoRepair counterpart.
                // It is off by default on managed node groups; EKS's default repair thresholds are kept.
                NodeRepairConfig = new NodeGroupNodeRepairConfigArgs { Enabled = true },
                Tags = Tags($"{plan.Name}-{pool.Name}"),
                // Guardrail #6: no RemoteAccess block, so no SSH key and no SSH security group on nodes.
            }, new CustomResourceOptions
            {
                Parent = this,
                CustomTimeouts = NodeGroupTimeouts,
                // The cluster autoscaler owns the current size; Pulumi owns only the bounds.
                IgnoreChanges = { "scalingConfig.desiredSize" },
                DependsOn = [vpcCni, kubeProxy, .. nodeRole.Attachments],
            }));
        }

        // CoreDNS needs nodes to schedule on; created before them it stays DEGRADED and the add-on create times out.
        var coreDns = Addon($"{name}-coredns", "coredns", cluster, [.. nodeGroups]);

        var (kubeconfig, identity) = ClusterAccess.Kubeconfig(
            cluster.Endpoint,
            cluster.CertificateAuthority.Apply(ca => ca.Data),
            plan.Name,
            (endpoint, ca) => KubeconfigBuilder.ForEks(plan.Name, args.Region, endpoint, ca));
        Kubeconfig = kubeconfig;
        ClusterName = cluster.Name;
        KubernetesProvider = ClusterAccess.Provider(name, kubeconfig, identity, args.Cluster.DeleteUnreachable, this,
            adminPolicy, coreDns);

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["clusterName"] = ClusterName,
            ["kubeconfig"] = Kubeconfig,
        });
    }

    /// <inheritdoc />
    [Output]
    public Output<string> ClusterName { get; private set; }

    /// <inheritdoc />
    [Output]
    public Output<string> Kubeconfig { get; private set; }

    /// <inheritdoc />
    public K8s.Provider KubernetesProvider { get; }

    private Addon Addon(string resourceName, string addonName, Cluster cluster, params Resource[] dependsOn) =>
        new(resourceName, new AddonArgs
        {
            ClusterName = cluster.Name,
            AddonName = addonName,
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "OVERWRITE",
        }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });

    /// <summary>A role one AWS service assumes, with AWS managed policies attached.</summary>
    private ServiceRoleResources ServiceRole(string resourceName, string service, AwsAccount account,
        IReadOnlyList<string> managedPolicies, string[]? trustActions = null)
    {
        var role = new Role(resourceName, new RoleArgs
        {
            AssumeRolePolicy = AwsAccount.AssumeRolePolicy(this, service, trustActions ?? []),
        }, new CustomResourceOptions { Parent = this });
        var attachments = managedPolicies
            .Select(policy => new RolePolicyAttachment($"{resourceName}-{policy}", new RolePolicyAttachmentArgs
            {
                Role = role.Name,
                PolicyArn = account.ManagedPolicy(policy),
            }, new CustomResourceOptions { Parent = this }))
            .ToList();
        return new ServiceRoleResources(role, attachments);
    }

    private static InputMap<string> Tags(string resourceName) => new() { { "Name", resourceName } };

    private sealed record ServiceRoleResources(Role Role, IReadOnlyList<RolePolicyAttachment> Attachments);

    /// <summary>
    /// The VPC CNI add-on's configuration (aws/amazon-vpc-cni-k8s add-on schema): turn on the network policy agent so
    /// NetworkPolicies are enforced (guardrail #3). Serialised from a typed record; the schema wants the string "true".
    /// </summary>
    internal sealed record VpcCniConfiguration([property: JsonPropertyName("enableNetworkPolicy")] string EnableNetworkPolicy)
    {
        public static string Json { get; } = JsonSerializer.Serialize(new VpcCniConfiguration("true"));
    }
}

/// <summary>Arguments of <see cref="EksCluster"/>.</summary>
public sealed class EksClusterArgs
{
    /// <summary>The planned cluster and the stack-wide switches.</summary>
    public required ClusterLayerArgs Cluster { get; init; }

    /// <summary>The network the cluster and its nodes live in.</summary>
    public required AwsNetwork Network { get; init; }

    /// <summary>The AWS region (<c>aws:region</c>), pinned in the kubeconfig's token command.</summary>
    public required string Region { get; init; }
}
