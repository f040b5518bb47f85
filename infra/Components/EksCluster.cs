using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneQOrder.Platform.ClusterAccess;
using OneQOrder.Platform.CloudResources;
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
/// The EKS cluster as its resource plan (<see cref="EksClusterSpec"/>) says: private-by-default endpoint, API-mode
/// access entries (the creator is not admin by default), KMS envelope encryption of Secrets, all five control-plane log
/// types to a pre-created encrypted log group, managed node groups in the planned private subnets behind an
/// IMDSv2-only launch template with encrypted disks, the VPC CNI with network policy enforcement, and the one
/// Kubernetes provider. Every guardrail-bearing argument is read from the plan, which the guardrail report checks.
/// </summary>
public sealed class EksCluster : ComponentResource, ICluster
{

    /// <summary>Cluster create/update can take 10-40 minutes; version upgrades longer (EKS user guide).</summary>
    private static readonly CustomTimeouts ClusterTimeouts = ClusterAccess.Timeouts(create: 40, update: 90, delete: 30);

    /// <summary>Node group rollouts drain nodes one at a time; allow for large pools.</summary>
    private static readonly CustomTimeouts NodeGroupTimeouts = ClusterAccess.Timeouts(create: 30, update: 90, delete: 30);

    public EksCluster(string name, EksClusterArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:EksCluster", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Resources;
        var account = AwsAccount.Lookup(this, args.Region);
        var logGroupName = plan.ControlPlaneLogGroup.Name;
        var subnetIds = args.Network.SubnetIds;
        Output<ImmutableArray<string>> SubnetIds(IEnumerable<string> names) => Output.All(names.Select(n => subnetIds[n]));
        CustomResourceOptions Child(params Resource[] dependsOn) => new() { Parent = this, DependsOn = dependsOn };

        // One customer-managed key for the cluster's data at rest: Secrets (CP-03), control-plane logs (CP-04) and
        // node volumes (NODE-05). The Auto Scaling service-linked role must be able to use it, or managed node groups
        // cannot launch instances with encrypted volumes (EC2 docs, "Required AWS KMS key policy for use with
        // encrypted volumes").
        var autoScalingRole = Output.Format($"arn:{account.Partition}:iam::{account.AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
        var key = new Key($"{name}-key", new KeyArgs
        {
            Description = $"{plan.Name}: Kubernetes Secrets, control-plane logs and node volumes",
            EnableKeyRotation = plan.Key.EnableKeyRotation,
            DeletionWindowInDays = plan.Key.DeletionWindowInDays,
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
        }, new CustomResourceOptions { Parent = this, Protect = plan.Key.Protect });
        _ = new Pulumi.Aws.Kms.Alias($"{name}-key-alias", new AliasArgs
        {
            Name = plan.KeyAlias,
            TargetKeyId = key.KeyId,
        }, Child());
        var keys = new Dictionary<string, Key>(StringComparer.Ordinal) { [plan.Key.Name] = key };

        // Pre-created so retention and encryption are ours; EKS would otherwise create it with "never expire" and no key.
        var logGroupArgs = new LogGroupArgs
        {
            Name = logGroupName,
            RetentionInDays = plan.ControlPlaneLogGroup.RetentionInDays,
            Tags = Tags(plan.Name),
        };
        if (plan.ControlPlaneLogGroup.KmsKey is { } logKey)
        {
            logGroupArgs.KmsKeyId = keys[logKey].Arn;
        }

        var logGroup = new LogGroup($"{name}-control-plane-logs", logGroupArgs, Child());

        var clusterRole = ServiceRole($"{name}-cluster-role", plan.ClusterRole, account);
        // NODE-03: nodes get only the planned policies; the VPC CNI's policy goes to its own role through EKS Pod
        // Identity below, not to every pod on the node.
        var nodeRole = ServiceRole($"{name}-node-role", plan.NodeRole, account);
        var cniRole = ServiceRole($"{name}-vpc-cni-role", plan.VpcCni.Role, account);

        var vpcConfig = new ClusterVpcConfigArgs
        {
            SubnetIds = SubnetIds(plan.Subnets),
            // CP-01.
            EndpointPrivateAccess = plan.EndpointPrivateAccess,
            EndpointPublicAccess = plan.EndpointPublicAccess,
        };
        if (plan.PublicAccessCidrs.Count > 0)
        {
            vpcConfig.PublicAccessCidrs = plan.PublicAccessCidrs.ToList();
        }

        var clusterArgs = new ClusterArgs
        {
            Name = plan.Name,
            Version = plan.KubernetesVersion,
            // Never slide into extended support unseen (EksClusterSpec.UpgradePolicySupportType).
            UpgradePolicy = new ClusterUpgradePolicyArgs { SupportType = plan.UpgradePolicySupportType },
            RoleArn = clusterRole.Role.Arn,
            VpcConfig = vpcConfig,
            // CP-07.
            AccessConfig = new ClusterAccessConfigArgs
            {
                AuthenticationMode = plan.AccessConfig.AuthenticationMode,
                BootstrapClusterCreatorAdminPermissions = plan.AccessConfig.BootstrapClusterCreatorAdminPermissions,
            },
            // The add-ons below are managed add-ons; without this EKS also installs unmanaged copies that conflict.
            BootstrapSelfManagedAddons = false,
            DeletionProtection = plan.DeletionProtection,
            Tags = Tags(plan.Name),
        };
        if (plan.SecretsEncryption is { } encryption)
        {
            clusterArgs.EncryptionConfig = new ClusterEncryptionConfigArgs
            {
                Provider = new ClusterEncryptionConfigProviderArgs { KeyArn = keys[encryption.KmsKey].Arn },
                Resources = encryption.Resources.ToList(),
            };
        }

        if (plan.EnabledClusterLogTypes.Count > 0)
        {
            clusterArgs.EnabledClusterLogTypes = plan.EnabledClusterLogTypes.ToList();
        }

        var cluster = new Cluster($"{name}-eks", clusterArgs, new CustomResourceOptions
        {
            Parent = this,
            Protect = plan.Protect,
            CustomTimeouts = ClusterTimeouts,
            DependsOn = { logGroup, clusterRole.Attachments[0] },
        });

        // The access entries are the settings' (cluster.admins, cluster.previewers), never the caller of `pulumi up`:
        // a run by another identity changes nothing, and a preview by the read-only role shows no replace. Admins get
        // AmazonEKSClusterAdminPolicy; previewers only the RBAC group of the preview ClusterRole (EKS user guide,
        // "Grant IAM users access to Kubernetes with EKS access entries"; CreateAccessEntry kubernetesGroups).
        List<Resource> adminPolicies = [];
        foreach (var entry in plan.AccessEntries)
        {
            var accessEntry = new AccessEntry($"{name}-{entry.Name}", new AccessEntryArgs
            {
                ClusterName = cluster.Name,
                PrincipalArn = entry.PrincipalArn,
                KubernetesGroups = [.. entry.KubernetesGroups],
                Type = "STANDARD",
            }, Child());
            if (entry.PolicyArn is { } policyArn)
            {
                adminPolicies.Add(new AccessPolicyAssociation($"{name}-{entry.Name}-policy", new AccessPolicyAssociationArgs
                {
                    ClusterName = cluster.Name,
                    PrincipalArn = accessEntry.PrincipalArn,
                    PolicyArn = policyArn,
                    AccessScope = new AccessPolicyAssociationAccessScopeArgs { Type = "cluster" },
                }, Child()));
            }
        }

        // Networking add-ons first so nodes join a working, policy-enforcing network (CP-02).
        var podIdentityAgent = Addon($"{name}-pod-identity-agent", "eks-pod-identity-agent", cluster);
        var vpcCni = new Addon($"{name}-vpc-cni", new AddonArgs
        {
            ClusterName = cluster.Name,
            AddonName = "vpc-cni",
            ConfigurationValues = VpcCniConfiguration.Of(plan.VpcCni),
            PodIdentityAssociations =
            {
                new AddonPodIdentityAssociationArgs { RoleArn = cniRole.Role.Arn, ServiceAccount = plan.VpcCni.ServiceAccount },
            },
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "OVERWRITE",
        }, Child(podIdentityAgent));
        var kubeProxy = Addon($"{name}-kube-proxy", "kube-proxy", cluster);

        LaunchTemplateBlockDeviceMappingEbsArgs RootVolume(EbsVolumeSpec root)
        {
            var ebs = new LaunchTemplateBlockDeviceMappingEbsArgs
            {
                Encrypted = root.Encrypted ? "true" : "false",
                VolumeSize = root.SizeGb,
                VolumeType = "gp3",
                DeleteOnTermination = "true",
            };
            if (root.KmsKey is { } volumeKey)
            {
                ebs.KmsKeyId = keys[volumeKey].Arn;
            }

            return ebs;
        }

        List<Resource> nodeGroups = [];
        foreach (var group in plan.NodeGroups)
        {
            var pool = group.Pool;
            var metadata = group.LaunchTemplate.MetadataOptions;
            var root = group.LaunchTemplate.RootVolume;
            var templateArgs = new LaunchTemplateArgs
            {
                Description = $"{plan.Name} {pool.Name} nodes",
                // NODE-01.
                MetadataOptions = new LaunchTemplateMetadataOptionsArgs
                {
                    HttpEndpoint = metadata.HttpEndpoint,
                    HttpTokens = metadata.HttpTokens,
                    HttpPutResponseHopLimit = metadata.HttpPutResponseHopLimit,
                },
                // NODE-05: the AMI's root device, encrypted with the planned key.
                BlockDeviceMappings =
                {
                    new LaunchTemplateBlockDeviceMappingArgs
                    {
                        DeviceName = root.DeviceName,
                        Ebs = RootVolume(root),
                    },
                },
                TagSpecifications =
                {
                    new LaunchTemplateTagSpecificationArgs { ResourceType = "instance", Tags = Tags($"{plan.Name}-{pool.Name}") },
                },
                Tags = Tags($"{plan.Name}-{pool.Name}"),
            };
            // NET-01: without a network interface block (the plan's null) nodes take the private subnets'
            // mapPublicIpOnLaunch. EKS adds its cluster security group itself.
            if (group.LaunchTemplate.AssociatePublicIpAddress is { } associatePublicIp)
            {
                templateArgs.NetworkInterfaces.Add(new LaunchTemplateNetworkInterfaceArgs
                {
                    AssociatePublicIpAddress = associatePublicIp ? "true" : "false",
                });
            }

            var template = new LaunchTemplate($"{name}-{pool.Name}-lt", templateArgs, Child());

            var groupArgs = new NodeGroupArgs
            {
                ClusterName = cluster.Name,
                NodeGroupName = pool.Name,
                NodeRoleArn = nodeRole.Role.Arn,
                // NET-01: exactly the planned subnets the guardrail report checked.
                SubnetIds = SubnetIds(group.Subnets),
                InstanceTypes = { pool.MachineType },
                AmiType = group.AmiType,
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
                // CP-05: EKS node auto repair replaces nodes the node monitoring agent or kubelet reports unhealthy
                // (EKS docs, "Enable node auto repair"); EKS's default repair thresholds are kept.
                NodeRepairConfig = new NodeGroupNodeRepairConfigArgs { Enabled = group.NodeRepair },
                // The planned tags, Cluster Autoscaler's auto-discovery tags among them.
                Tags = new InputMap<string>(),
            };
            foreach (var (tag, value) in group.Tags)
            {
                groupArgs.Tags.Add(tag, value);
            }

            // NET-04: without a remoteAccess block (the plan's null) nodes have no SSH key and no SSH security group.
            if (group.RemoteAccess is { } remoteAccess)
            {
                groupArgs.RemoteAccess = new NodeGroupRemoteAccessArgs { Ec2SshKey = remoteAccess.Ec2SshKey };
            }

            nodeGroups.Add(new NodeGroup($"{name}-{pool.Name}", groupArgs, new CustomResourceOptions
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

        // Persistent volumes: EKS migrated the in-tree EBS provisioner to CSI, so without this add-on no PVC is ever
        // bound (EKS user guide, "Amazon EBS CSI driver"). Its controller gets its own role through Pod Identity, like
        // the VPC CNI; its controller Deployment needs nodes, like CoreDNS.
        var ebsCsi = plan.EbsCsiDriver;
        var ebsCsiRole = ComponentRole($"{name}-ebs-csi-role", ebsCsi.Identity, account, keys);
        var ebsCsiAddon = new Addon($"{name}-ebs-csi-driver", new AddonArgs
        {
            ClusterName = cluster.Name,
            AddonName = ebsCsi.AddonName,
            PodIdentityAssociations =
            {
                new AddonPodIdentityAssociationArgs { RoleArn = ebsCsiRole.Role.Arn, ServiceAccount = ebsCsi.Identity.ServiceAccount },
            },
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "OVERWRITE",
        }, Child([podIdentityAgent, .. nodeGroups, .. ebsCsiRole.Attachments, .. ebsCsiRole.Policies]));

        // Node autoscaling: Cluster Autoscaler (installed in-cluster by ClusterAddons) acts with this role only; the
        // association exists before its pod starts, so the Pod Identity webhook injects the credentials.
        var autoscaler = plan.ClusterAutoscaler;
        var autoscalerRole = ComponentRole($"{name}-cluster-autoscaler-role", autoscaler, account, keys);
        var autoscalerAssociation = new PodIdentityAssociation($"{name}-cluster-autoscaler", new PodIdentityAssociationArgs
        {
            ClusterName = cluster.Name,
            Namespace = autoscaler.Namespace,
            ServiceAccount = autoscaler.ServiceAccount,
            RoleArn = autoscalerRole.Role.Arn,
        }, Child([podIdentityAgent, .. autoscalerRole.Policies]));

        // The public entry's identities (issue 12): the load balancer controller's role must exist before ClusterAddons
        // starts its pods, and cert-manager's and external-dns's before the edge releases; both depend on this component.
        foreach (var (suffix, edgeIdentity) in args.Edge?.All ?? [])
        {
            var edgeRole = ComponentRole($"{name}-{suffix}-role", edgeIdentity, account, keys);
            _ = new PodIdentityAssociation($"{name}-{suffix}", new PodIdentityAssociationArgs
            {
                ClusterName = cluster.Name,
                Namespace = edgeIdentity.Namespace,
                ServiceAccount = edgeIdentity.ServiceAccount,
                RoleArn = edgeRole.Role.Arn,
            }, Child([podIdentityAgent, .. edgeRole.Policies]));
        }

        var (kubeconfig, identity) = ClusterAccess.Kubeconfig(
            cluster.Endpoint,
            cluster.CertificateAuthority.Apply(ca => ca.Data),
            plan.Name,
            (endpoint, ca) => KubeconfigBuilder.ForEks(plan.Name, args.Region, endpoint, ca));
        Kubeconfig = kubeconfig;
        ClusterName = cluster.Name;
        ClusterSecurityGroupId = cluster.VpcConfig.Apply(v => v.ClusterSecurityGroupId ?? string.Empty);
        KubernetesProvider = ClusterAccess.Provider(name, kubeconfig, identity, args.Cluster.KubernetesProvider, this,
            [.. adminPolicies, coreDns, ebsCsiAddon, autoscalerAssociation]);
        KeyReferences = keys.ToDictionary(k => k.Key, k => k.Value.Arn, StringComparer.Ordinal);

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["clusterName"] = ClusterName,
            ["kubeconfig"] = Kubeconfig,
        });
    }

    /// <inheritdoc />
    [Output]
    public Output<string> ClusterName { get; private set; }

    /// <summary>The security group EKS creates for the control plane's network interfaces (the in-VPC CI runner is allowed to it).</summary>
    public Output<string> ClusterSecurityGroupId { get; }

    /// <inheritdoc />
    [Output]
    public Output<string> Kubeconfig { get; private set; }

    /// <inheritdoc />
    public K8s.Provider KubernetesProvider { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Output<string>> KeyReferences { get; }

    private Addon Addon(string resourceName, string addonName, Cluster cluster, params Resource[] dependsOn) =>
        new(resourceName, new AddonArgs
        {
            ClusterName = cluster.Name,
            AddonName = addonName,
            ResolveConflictsOnCreate = "OVERWRITE",
            ResolveConflictsOnUpdate = "OVERWRITE",
        }, new CustomResourceOptions { Parent = this, DependsOn = dependsOn });

    /// <summary>A role one AWS service assumes, with AWS managed policies attached, as planned.</summary>
    private ServiceRoleResources ServiceRole(string resourceName, AwsServiceRoleSpec spec, AwsAccount account)
    {
        var role = new Role(resourceName, new RoleArgs
        {
            AssumeRolePolicy = AwsAccount.AssumeRolePolicy(this, spec.Trust.Service, [.. spec.Trust.Actions]),
        }, new CustomResourceOptions { Parent = this });
        var attachments = spec.ManagedPolicies
            .Select(policy => new RolePolicyAttachment($"{resourceName}-{policy}", new RolePolicyAttachmentArgs
            {
                Role = role.Name,
                PolicyArn = account.ManagedPolicy(policy),
            }, new CustomResourceOptions { Parent = this }))
            .ToList();
        return new ServiceRoleResources(role, attachments);
    }

    /// <summary>
    /// A cluster component's role: trusted by the Pod Identity service, the planned managed policies attached, and the
    /// planned inline statements, each scoped to the planned key's ARN or to every resource.
    /// </summary>
    private ServiceRoleResources ComponentRole(string resourceName, EksAddonIdentitySpec spec, AwsAccount account, IReadOnlyDictionary<string, Key> keys)
    {
        var role = ServiceRole(resourceName, spec.Role, account);
        if (spec.InlinePolicy.Count == 0)
        {
            return role;
        }

        var statements = spec.InlinePolicy.Select(statement =>
        {
            var args = new GetPolicyDocumentStatementInputArgs
            {
                Sid = statement.Sid,
                Effect = "Allow",
                Actions = statement.Actions.ToList(),
            };
            if (statement.KmsKey is { } planned)
            {
                args.Resources.Add(keys[planned].Arn);
            }
            else if (statement.Resources.Count == 0)
            {
                args.Resources.Add("*");
            }

            // Planned ARNs in this stack's partition, account and region (AwsArnSpec.Format).
            foreach (var arn in statement.Resources)
            {
                args.Resources.Add(Output.Tuple(account.Partition, account.AccountId).Apply(t => arn.Format(t.Item1, account.Region, t.Item2)));
            }
            foreach (var condition in statement.Conditions)
            {
                args.Conditions.Add(new GetPolicyDocumentStatementConditionInputArgs
                {
                    Test = condition.Test,
                    Variable = condition.Variable,
                    Values = condition.Values.ToList(),
                });
            }

            return args;
        }).ToArray();
        var policy = new RolePolicy($"{resourceName}-policy", new RolePolicyArgs
        {
            Role = role.Role.Name,
            Policy = AwsAccount.Document(this, statements),
        }, new CustomResourceOptions { Parent = this });
        return role with { Policies = [policy] };
    }

    private static InputMap<string> Tags(string resourceName) => new() { { "Name", resourceName } };

    private sealed record ServiceRoleResources(Role Role, IReadOnlyList<RolePolicyAttachment> Attachments)
    {
        /// <summary>The role's inline policies (none for a role with managed policies only).</summary>
        public IReadOnlyList<RolePolicy> Policies { get; init; } = [];
    }

    /// <summary>
    /// The VPC CNI add-on's configuration (aws/amazon-vpc-cni-k8s add-on schema): the planned network policy agent
    /// switch (CP-02). Serialised from a typed record; the schema wants the string "true" or "false".
    /// </summary>
    internal sealed record VpcCniConfiguration([property: JsonPropertyName("enableNetworkPolicy")] string EnableNetworkPolicy)
    {
        public static string Of(EksVpcCniSpec spec) =>
            JsonSerializer.Serialize(new VpcCniConfiguration(spec.EnableNetworkPolicy ? "true" : "false"));
    }
}

/// <summary>Arguments of <see cref="EksCluster"/>.</summary>
public sealed class EksClusterArgs
{
    /// <summary>The planned cluster and its Kubernetes provider.</summary>
    public required ClusterLayerArgs Cluster { get; init; }

    /// <summary>The cluster's guardrail-bearing arguments (<see cref="AwsResourcePlan.Cluster"/>).</summary>
    public required EksClusterSpec Resources { get; init; }

    /// <summary>The network the cluster and its nodes live in; its <see cref="INetwork.SubnetIds"/> resolve the planned subnet names.</summary>
    public required AwsNetwork Network { get; init; }

    /// <summary>The AWS region (<c>aws:region</c>), pinned in the kubeconfig's token command.</summary>
    public required string Region { get; init; }

    /// <summary>The public entry's Pod Identity roles (<see cref="AwsResourcePlan.Edge"/>); null without an ingress.</summary>
    public AwsEdgeIdentitiesSpec? Edge { get; init; }
}
