using System.Globalization;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAccess;
using Pulumi;
using Pulumi.Gcp.Compute;
using Pulumi.Gcp.Compute.Inputs;
using Pulumi.Gcp.Container;
using Pulumi.Gcp.Container.Inputs;
using Pulumi.Gcp.Kms;
using Pulumi.Gcp.Logging;
using Organizations = Pulumi.Gcp.Organizations;
using Projects = Pulumi.Gcp.Projects;
using K8s = Pulumi.Kubernetes;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The GKE cluster as its resource plan (<see cref="GkeClusterSpec"/>) says: private nodes (and a private endpoint
/// unless CIDRs are allowed), Dataplane V2 for NetworkPolicy enforcement, VPC-native, Workload Identity, shielded COS
/// nodes with a least-privilege service account, Secrets and boot disks encrypted with a Cloud KMS key, the firewall
/// rule Linkerd's webhooks need, and the one Kubernetes provider. Every guardrail-bearing argument is read from the
/// plan, which the guardrail report checks.
/// </summary>
public sealed class GkeCluster : ComponentResource, ICluster
{
    /// <summary>GKE cluster operations (creation, control-plane upgrades) routinely take 10-30 minutes.</summary>
    private static readonly CustomTimeouts ClusterTimeouts = ClusterAccess.Timeouts(create: 45, update: 60, delete: 45);

    /// <summary>Node pool updates surge one node at a time (maxSurge 1, maxUnavailable 0).</summary>
    private static readonly CustomTimeouts NodePoolTimeouts = ClusterAccess.Timeouts(create: 30, update: 60, delete: 30);

    public GkeCluster(string name, GkeClusterArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:GkeCluster", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Resources;
        var location = args.Cluster.Plan.Location;
        CustomResourceOptions Child(params Resource[] dependsOn) => new() { Parent = this, DependsOn = dependsOn };

        var project = Organizations.GetProject.Invoke(new Organizations.GetProjectInvokeArgs { ProjectId = args.Project }, new InvokeOptions { Parent = this });
        var projectNumber = project.Apply(p => p.Number);

        // CP-03 and NODE-05: one key for Secrets (application-layer encryption) and node boot disks. Key rings
        // cannot be deleted in Cloud KMS, so the ring's name must not be reused by another stack.
        var keyRing = new KeyRing($"{name}-keyring", new KeyRingArgs
        {
            Name = plan.KeyRing.Name,
            Location = args.Region,
        }, new CustomResourceOptions { Parent = this, Protect = plan.KeyRing.Protect });
        var keyArgs = new CryptoKeyArgs
        {
            Name = plan.Key.Name,
            KeyRing = keyRing.Id,
            Purpose = plan.Key.Purpose,
        };
        if (plan.Key.RotationPeriod is { } rotation)
        {
            keyArgs.RotationPeriod = rotation;
        }

        var key = new CryptoKey($"{name}-key", keyArgs, new CustomResourceOptions { Parent = this, Protect = plan.Key.Protect });
        var keys = new Dictionary<string, CryptoKey>(StringComparer.Ordinal) { [plan.Key.Name] = key };
        // The GKE service agent encrypts Secrets, the Compute Engine service agent the boot disks (GKE docs,
        // "Encrypt secrets at the application layer" and "Use customer-managed encryption keys").
        var gkeAgentKeyUse = new CryptoKeyIAMMember($"{name}-key-gke-agent", new CryptoKeyIAMMemberArgs
        {
            CryptoKeyId = key.Id,
            Role = "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            Member = Output.Format($"serviceAccount:service-{projectNumber}@container-engine-robot.iam.gserviceaccount.com"),
        }, Child());
        var computeAgentKeyUse = new CryptoKeyIAMMember($"{name}-key-compute-agent", new CryptoKeyIAMMemberArgs
        {
            CryptoKeyId = key.Id,
            Role = "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            Member = Output.Format($"serviceAccount:service-{projectNumber}@compute-system.iam.gserviceaccount.com"),
        }, Child());

        // NODE-03: never a service identity's id (validation reserves the name).
        var nodeAccount = new Pulumi.Gcp.ServiceAccount.Account($"{name}-nodes", new Pulumi.Gcp.ServiceAccount.AccountArgs
        {
            AccountId = plan.NodeServiceAccount.AccountId,
            DisplayName = $"{plan.Name} GKE nodes (least privilege)",
        }, Child());
        var accounts = new Dictionary<string, Pulumi.Gcp.ServiceAccount.Account>(StringComparer.Ordinal) { [plan.NodeServiceAccount.AccountId] = nodeAccount };
        var nodeRoles = plan.NodeServiceAccount.Roles
            .Select(role => (Resource)new Projects.IAMMember($"{name}-nodes-{role.Split('/')[1].Replace('.', '-')}", new Projects.IAMMemberArgs
            {
                Project = args.Project,
                Role = role,
                Member = nodeAccount.Member,
            }, Child()))
            .ToList();

        var clusterArgs = new ClusterArgs
        {
            Name = plan.Name,
            Location = location,
            Network = args.Network.NetworkSelfLink,
            // NET-01: the planned subnetwork, which every node pool inherits.
            Subnetwork = args.Network.SubnetIds[plan.Subnetwork],
            // Node pools are separate resources so they can change without replacing the cluster.
            RemoveDefaultNodePool = true,
            InitialNodeCount = 1,
            // NET-05.
            NetworkingMode = plan.NetworkingMode,
            IpAllocationPolicy = new ClusterIpAllocationPolicyArgs
            {
                ClusterSecondaryRangeName = plan.PodRange,
                ServicesSecondaryRangeName = plan.ServiceRange,
            },
            // NET-01 and CP-01.
            PrivateClusterConfig = new ClusterPrivateClusterConfigArgs
            {
                EnablePrivateNodes = plan.PrivateCluster.EnablePrivateNodes,
                EnablePrivateEndpoint = plan.PrivateCluster.EnablePrivateEndpoint,
                MasterIpv4CidrBlock = plan.PrivateCluster.MasterIpv4CidrBlock,
            },
            // The DNS-based endpoint (GKE docs, "About network isolation in GKE"): requests are authorized by IAM, so CI's
            // GitHub-hosted runners reach the API without a source-address rule; the kubeconfig below uses it.
            ControlPlaneEndpointsConfig = new ClusterControlPlaneEndpointsConfigArgs
            {
                DnsEndpointConfig = new ClusterControlPlaneEndpointsConfigDnsEndpointConfigArgs { AllowExternalTraffic = plan.DnsEndpoint.AllowExternalTraffic },
            },
            MasterAuthorizedNetworksConfig = new ClusterMasterAuthorizedNetworksConfigArgs
            {
                CidrBlocks = plan.MasterAuthorizedNetworks.CidrBlocks
                    .Select(cidr => new ClusterMasterAuthorizedNetworksConfigCidrBlockArgs { CidrBlock = cidr, DisplayName = "allowed" })
                    .ToList(),
                GcpPublicCidrsAccessEnabled = plan.MasterAuthorizedNetworks.GcpPublicCidrsAccessEnabled,
            },
            // CP-02.
            DatapathProvider = plan.DatapathProvider,
            // NODE-02.
            WorkloadIdentityConfig = new ClusterWorkloadIdentityConfigArgs { WorkloadPool = plan.WorkloadPool },
            // CP-05: the channel upgrades control plane and nodes; the version below is only the floor.
            ReleaseChannel = new ClusterReleaseChannelArgs { Channel = plan.ReleaseChannel },
            MinMasterVersion = plan.MinMasterVersion,
            // NODE-04.
            EnableShieldedNodes = plan.EnableShieldedNodes,
            // CP-06.
            EnableLegacyAbac = plan.EnableLegacyAbac,
            EnableKubernetesAlpha = plan.EnableKubernetesAlpha,
            MasterAuth = new ClusterMasterAuthArgs
            {
                ClientCertificateConfig = new ClusterMasterAuthClientCertificateConfigArgs { IssueClientCertificate = plan.IssueClientCertificate },
            },
            // NET-03.
            EnableIntranodeVisibility = plan.EnableIntranodeVisibility,
            DeletionProtection = plan.DeletionProtection,
        };
        if (plan.NetworkPolicyAddon)
        {
            // The legacy Calico add-on; the plan keeps it off with Dataplane V2 (CP-02 fails otherwise).
            clusterArgs.AddonsConfig = new ClusterAddonsConfigArgs
            {
                NetworkPolicyConfig = new ClusterAddonsConfigNetworkPolicyConfigArgs { Disabled = false },
            };
            clusterArgs.NetworkPolicy = new ClusterNetworkPolicyArgs { Enabled = true };
        }

        if (plan.DatabaseEncryption is { } encryption)
        {
            // CP-03.
            clusterArgs.DatabaseEncryption = new ClusterDatabaseEncryptionArgs { State = encryption.State, KeyName = keys[encryption.KmsKey].Id };
        }

        if (plan.SecurityGroup is { } rbacGroup)
        {
            // CP-07 (KB-GKE 5.8.2): Google Groups for RBAC, so RoleBindings name groups rather than accounts.
            // GKE accepts only the organisation's gke-security-groups@<domain> group here (the library validates it).
            clusterArgs.AuthenticatorGroupsConfig = new ClusterAuthenticatorGroupsConfigArgs { SecurityGroup = rbacGroup };
        }

        if (plan.LoggingComponents is { } components)
        {
            // CP-04.
            clusterArgs.LoggingConfig = new ClusterLoggingConfigArgs { EnableComponents = components.ToList() };
        }

        // CP-04 and MON-04: the planned retention on the project's _Default log bucket, where Data Access audit logs
        // and the cluster's component logs (loggingConfig above) land. Admin Activity audit logs go to the _Required
        // bucket instead, which keeps them 400 days and cannot be configured (Cloud Logging docs, "Routing and storage
        // overview"). Cloud Logging accepts 1 to 3650 days (validation enforces it on gcp). The _Default bucket always
        // exists: this resource updates it, and deleting the resource leaves the bucket as it was.
        _ = new ProjectBucketConfig($"{name}-log-bucket", new ProjectBucketConfigArgs
        {
            Project = args.Project,
            Location = plan.LogBucket.Location,
            BucketId = plan.LogBucket.BucketId,
            RetentionDays = plan.LogBucket.RetentionDays,
        }, new CustomResourceOptions { Parent = this, Protect = plan.LogBucket.Protect });

        var cluster = new Cluster($"{name}-gke", clusterArgs, new CustomResourceOptions
        {
            Parent = this,
            Protect = plan.Protect,
            CustomTimeouts = ClusterTimeouts,
            // The release channel raises the control-plane version past the floor; that is not drift to undo.
            IgnoreChanges = { "minMasterVersion" },
            DependsOn = { gkeAgentKeyUse },
        });

        // The cluster's admins and preview identities are the settings' (cluster.admins, cluster.previewers), never the
        // caller of `pulumi up`. GKE has no per-cluster IAM, so the grants are on the project (GKE docs, "Create IAM
        // policies": Kubernetes Engine roles are granted on the project): roles/container.admin for admins,
        // roles/container.clusterViewer (credentials only) for previewers, whose in-cluster reads are the preview
        // ClusterRole's.
        var accessGrants = plan.IamMembers
            .Select(grant => (Resource)new Projects.IAMMember($"{name}-{grant.Name}", new Projects.IAMMemberArgs
            {
                Project = args.Project,
                Role = grant.Role,
                Member = grant.Member,
            }, Child()))
            .ToList();

        // MESH-06 (the Linkerd webhooks) and NET-04: the planned firewall rules, each named after its planned name.
        foreach (var rule in plan.Firewalls)
        {
            _ = new Firewall(ChildNames.Of(name, args.NamePrefix, rule.Name), new FirewallArgs
            {
                Name = rule.Name,
                Network = args.Network.NetworkSelfLink,
                Direction = rule.Direction,
                SourceRanges = rule.SourceRanges.ToList(),
                TargetTags = rule.TargetTags.ToList(),
                Allows = rule.Allows
                    .Select(a => new FirewallAllowArgs
                    {
                        Protocol = a.Protocol,
                        Ports = a.Ports.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList(),
                    })
                    .ToList(),
                Description = rule.Description,
            }, Child());
        }

        List<Resource> pools = [];
        foreach (var spec in plan.NodePools)
        {
            var pool = spec.Pool;
            var nodeConfig = new NodePoolNodeConfigArgs
            {
                MachineType = pool.MachineType,
                DiskSizeGb = pool.DiskSizeGb,
                DiskType = "pd-balanced",
                // NODE-04.
                ImageType = spec.ImageType,
                ShieldedInstanceConfig = new NodePoolNodeConfigShieldedInstanceConfigArgs
                {
                    EnableSecureBoot = spec.EnableSecureBoot,
                    EnableIntegrityMonitoring = spec.EnableIntegrityMonitoring,
                },
                // NODE-03: the planned account (an unplanned one, such as the default compute account, fails here).
                ServiceAccount = accounts[spec.ServiceAccount].Email,
                OauthScopes = spec.OauthScopes.ToList(),
                // NODE-02.
                WorkloadMetadataConfig = new NodePoolNodeConfigWorkloadMetadataConfigArgs { Mode = spec.WorkloadMetadataMode },
                Tags = spec.NetworkTags.ToList(),
                Metadata = spec.Metadata.ToDictionary(m => m.Key, m => m.Value),
            };
            if (spec.BootDiskKmsKey is { } bootDiskKey)
            {
                // NODE-05.
                nodeConfig.BootDiskKmsKey = keys[bootDiskKey].Id;
            }

            pools.Add(new NodePool($"{name}-{pool.Name}", new NodePoolArgs
            {
                Name = pool.Name,
                Cluster = cluster.Id,
                Location = location,
                NodeLocations = args.Cluster.Plan.NodeZones.ToList(),
                InitialNodeCount = pool.MinNodes,
                Autoscaling = new NodePoolAutoscalingArgs { MinNodeCount = pool.MinNodes, MaxNodeCount = pool.MaxNodes },
                // CP-05.
                Management = new NodePoolManagementArgs { AutoRepair = spec.AutoRepair, AutoUpgrade = spec.AutoUpgrade },
                UpgradeSettings = new NodePoolUpgradeSettingsArgs { MaxSurge = 1, MaxUnavailable = 0 },
                NodeConfig = nodeConfig,
            }, new CustomResourceOptions
            {
                Parent = this,
                CustomTimeouts = NodePoolTimeouts,
                // The autoscaler changes the node count and auto-upgrade the node version; neither is drift to undo.
                IgnoreChanges = { "nodeCount", "version" },
                DependsOn = [computeAgentKeyUse, .. nodeRoles],
            }));
        }

        // The kubeconfig names the DNS endpoint (IAM-authorized, publicly trusted certificate: no cluster CA in it); the
        // provider's cluster identity still hashes the cluster CA, so only a new cluster replaces the provider.
        var (kubeconfig, identity) = ClusterAccess.Kubeconfig(
            cluster.ControlPlaneEndpointsConfig.Apply(c => c?.DnsEndpointConfig?.Endpoint ?? string.Empty),
            cluster.MasterAuth.Apply(auth => auth.ClusterCaCertificate ?? string.Empty),
            plan.Name,
            (dnsEndpoint, _) => KubeconfigBuilder.ForGkeDns(plan.Name, dnsEndpoint));
        Kubeconfig = kubeconfig;
        ClusterName = cluster.Name;
        KubernetesProvider = ClusterAccess.Provider(name, kubeconfig, identity, args.Cluster.KubernetesProvider, this, [.. pools, .. accessGrants]);
        KeyReferences = keys.ToDictionary(k => k.Key, k => k.Value.Id, StringComparer.Ordinal);

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

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Output<string>> KeyReferences { get; }
}

/// <summary>Arguments of <see cref="GkeCluster"/>.</summary>
public sealed class GkeClusterArgs
{
    /// <summary>The planned cluster (location, node zones) and its Kubernetes provider.</summary>
    public required ClusterLayerArgs Cluster { get; init; }

    /// <summary>The cluster's guardrail-bearing arguments (<see cref="GcpResourcePlan.Cluster"/>).</summary>
    public required GkeClusterSpec Resources { get; init; }

    /// <summary>The network the cluster lives in; its <see cref="INetwork.SubnetIds"/> resolve the planned subnetwork name.</summary>
    public required GcpNetwork Network { get; init; }

    /// <summary>The stack's name prefix (<c>oneq-&lt;stack&gt;</c>), for the logical names of planned firewall rules.</summary>
    public required string NamePrefix { get; init; }

    /// <summary><c>gcp:project</c>: the service agents' and the log bucket's project.</summary>
    public required string Project { get; init; }

    /// <summary><c>gcp:region</c>: where the KMS key ring lives (a zonal cluster's key must be in its region).</summary>
    public required string Region { get; init; }
}
