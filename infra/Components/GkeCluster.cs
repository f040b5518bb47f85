using OneQOrder.Platform.ClusterAccess;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tenants;
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
/// The GKE cluster: private nodes (and a private endpoint unless CIDRs are allowed), Dataplane V2 for NetworkPolicy
/// enforcement, VPC-native, Workload Identity, shielded COS nodes with a least-privilege service account, Secrets and
/// boot disks encrypted with a Cloud KMS key, the firewall rule Linkerd's webhooks need, and the one Kubernetes provider.
/// </summary>
public sealed class GkeCluster : ComponentResource, ICluster
{
    /// <summary>
    /// Guardrail #16 (GKE hardening guide, "Use least privilege Google service accounts"): what a node needs to ship
    /// logs and metrics and pull images, and nothing else.
    /// </summary>
    public static readonly IReadOnlyList<string> NodeRoles =
    [
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
        "roles/monitoring.viewer",
        "roles/stackdriver.resourceMetadata.writer",
        "roles/artifactregistry.reader",
    ];

    /// <summary>Guardrail #9: control-plane components logged to Cloud Logging, the API server (audit) included.</summary>
    public static readonly IReadOnlyList<string> LoggedComponents = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];

    /// <summary>Cloud KMS rotation every 90 days (guardrail #8), in the API's seconds format.</summary>
    private const string KeyRotationPeriod = "7776000s";

    /// <summary>GKE cluster operations (creation, control-plane upgrades) routinely take 10-30 minutes.</summary>
    private static readonly CustomTimeouts ClusterTimeouts = ClusterAccess.Timeouts(create: 45, update: 60, delete: 45);

    /// <summary>Node pool updates surge one node at a time (maxSurge 1, maxUnavailable 0).</summary>
    private static readonly CustomTimeouts NodePoolTimeouts = ClusterAccess.Timeouts(create: 30, update: 60, delete: 30);

    public GkeCluster(string name, GkeClusterArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:GkeCluster", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Cluster.Plan;
        var protect = plan.DeletionProtection;
        var nodeTag = $"{plan.Name}-node";
        CustomResourceOptions Child(params Resource[] dependsOn) => new() { Parent = this, DependsOn = dependsOn };

        var project = Organizations.GetProject.Invoke(new Organizations.GetProjectInvokeArgs { ProjectId = args.Project }, new InvokeOptions { Parent = this });
        var projectNumber = project.Apply(p => p.Number);

        // Guardrails #8 and #18: one key for Secrets (application-layer encryption) and node boot disks. Key rings
        // cannot be deleted in Cloud KMS, so the ring's name must not be reused by another stack.
        var keyRing = new KeyRing($"{name}-keyring", new KeyRingArgs
        {
            Name = $"{plan.Name}-keyring",
            Location = args.Region,
        }, new CustomResourceOptions { Parent = this, Protect = protect });
        var key = new CryptoKey($"{name}-key", new CryptoKeyArgs
        {
            Name = $"{plan.Name}-cluster",
            KeyRing = keyRing.Id,
            Purpose = "ENCRYPT_DECRYPT",
            RotationPeriod = KeyRotationPeriod,
        }, new CustomResourceOptions { Parent = this, Protect = protect });
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

        var nodeAccount = new Pulumi.Gcp.ServiceAccount.Account($"{name}-nodes", new Pulumi.Gcp.ServiceAccount.AccountArgs
        {
            AccountId = $"{plan.Name}-{WorkloadIdentities.GcpNodeAccountSuffix}", // never a service identity: validation reserves the name
            DisplayName = $"{plan.Name} GKE nodes (least privilege)",
        }, Child());
        var nodeRoles = NodeRoles
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
            Location = plan.Location,
            Network = args.Network.NetworkSelfLink,
            Subnetwork = args.Network.SubnetworkId,
            // Node pools are separate resources so they can change without replacing the cluster.
            RemoveDefaultNodePool = true,
            InitialNodeCount = 1,
            // Guardrail #7: VPC-native on the planned secondary ranges.
            NetworkingMode = "VPC_NATIVE",
            IpAllocationPolicy = new ClusterIpAllocationPolicyArgs
            {
                ClusterSecondaryRangeName = args.PodRangeName,
                ServicesSecondaryRangeName = args.ServiceRangeName,
            },
            // Guardrails #1 and #2.
            PrivateClusterConfig = new ClusterPrivateClusterConfigArgs
            {
                EnablePrivateNodes = plan.PrivateNodes,
                EnablePrivateEndpoint = !plan.PublicEndpoint,
                MasterIpv4CidrBlock = args.ControlPlaneCidr,
            },
            MasterAuthorizedNetworksConfig = new ClusterMasterAuthorizedNetworksConfigArgs
            {
                CidrBlocks = plan.PublicAccessCidrs
                    .Select(cidr => new ClusterMasterAuthorizedNetworksConfigCidrBlockArgs { CidrBlock = cidr, DisplayName = "allowed" })
                    .ToList(),
                GcpPublicCidrsAccessEnabled = false,
            },
            // Guardrail #3: Dataplane V2 enforces NetworkPolicy; the networkPolicy add-on must then stay unset.
            DatapathProvider = "ADVANCED_DATAPATH",
            // Guardrail #15.
            WorkloadIdentityConfig = new ClusterWorkloadIdentityConfigArgs { WorkloadPool = WorkloadIdentities.GcpWorkloadPool(args.Project) },
            // Guardrail #10: the channel upgrades control plane and nodes; the version below is only the floor.
            ReleaseChannel = new ClusterReleaseChannelArgs
            {
                Channel = plan.ReleaseChannel ?? throw new ArgumentException("a GKE cluster plan has a release channel", nameof(args)),
            },
            MinMasterVersion = plan.KubernetesVersion,
            // Guardrail #17.
            EnableShieldedNodes = true,
            // Guardrail #11.
            EnableLegacyAbac = false,
            EnableKubernetesAlpha = false,
            MasterAuth = new ClusterMasterAuthArgs
            {
                ClientCertificateConfig = new ClusterMasterAuthClientCertificateConfigArgs { IssueClientCertificate = false },
            },
            // Guardrail #5.
            EnableIntranodeVisibility = true,
            DeletionProtection = plan.DeletionProtection,
        };
        if (plan.SecretsEncryption)
        {
            clusterArgs.DatabaseEncryption = new ClusterDatabaseEncryptionArgs { State = "ENCRYPTED", KeyName = key.Id };
        }

        if (plan.RbacGroup is { } rbacGroup)
        {
            // Guardrail #12 (KB-GKE 5.8.2): Google Groups for RBAC, so RoleBindings name groups rather than accounts.
            // GKE accepts only the organisation's gke-security-groups@<domain> group here (the library validates it).
            clusterArgs.AuthenticatorGroupsConfig = new ClusterAuthenticatorGroupsConfigArgs { SecurityGroup = rbacGroup };
        }

        if (plan.AuditLogs)
        {
            clusterArgs.LoggingConfig = new ClusterLoggingConfigArgs { EnableComponents = LoggedComponents.ToList() };
        }

        // Guardrails #9 and #35: cluster.auditLogRetentionDays on the project's _Default log bucket, where Data Access
        // audit logs and the cluster's component logs (loggingConfig above) land. Admin Activity audit logs go to the
        // _Required bucket instead, which keeps them 400 days and cannot be configured (Cloud Logging docs, "Routing
        // and storage overview"). Cloud Logging accepts 1 to 3650 days (validation enforces it on gcp). The _Default
        // bucket always exists: this resource updates it, and deleting the resource leaves the bucket as it was.
        _ = new ProjectBucketConfig($"{name}-log-bucket", new ProjectBucketConfigArgs
        {
            Project = args.Project,
            Location = "global",
            BucketId = "_Default",
            RetentionDays = plan.AuditLogRetentionDays,
        }, new CustomResourceOptions { Parent = this, Protect = protect });

        var cluster = new Cluster($"{name}-gke", clusterArgs, new CustomResourceOptions
        {
            Parent = this,
            Protect = protect,
            CustomTimeouts = ClusterTimeouts,
            // The release channel raises the control-plane version past the floor; that is not drift to undo.
            IgnoreChanges = { "minMasterVersion" },
            DependsOn = { gkeAgentKeyUse },
        });

        // Guardrail #30: a private control plane reaches the nodes only on 443/10250 by default; Linkerd's admission
        // webhooks need these ports too, or pods are admitted without a proxy (linkerd.io, "Cluster configuration").
        _ = new Firewall($"{name}-linkerd-webhooks", new FirewallArgs
        {
            Name = $"{plan.Name}-linkerd-webhooks",
            Network = args.Network.NetworkSelfLink,
            Direction = "INGRESS",
            SourceRanges = { args.ControlPlaneCidr },
            TargetTags = { nodeTag },
            Allows =
            {
                new FirewallAllowArgs
                {
                    Protocol = "tcp",
                    Ports = ClusterPlan.LinkerdWebhookPorts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                },
            },
            Description = "GKE control plane to Linkerd proxy-injector, tap and policy-validator webhooks",
        }, Child());

        List<Resource> pools = [];
        foreach (var pool in plan.NodePools)
        {
            pools.Add(new NodePool($"{name}-{pool.Name}", new NodePoolArgs
            {
                Name = pool.Name,
                Cluster = cluster.Id,
                Location = plan.Location,
                NodeLocations = plan.NodeZones.ToList(),
                InitialNodeCount = pool.MinNodes,
                Autoscaling = new NodePoolAutoscalingArgs { MinNodeCount = pool.MinNodes, MaxNodeCount = pool.MaxNodes },
                // Guardrail #10.
                Management = new NodePoolManagementArgs { AutoRepair = true, AutoUpgrade = true },
                UpgradeSettings = new NodePoolUpgradeSettingsArgs { MaxSurge = 1, MaxUnavailable = 0 },
                NodeConfig = new NodePoolNodeConfigArgs
                {
                    MachineType = pool.MachineType,
                    DiskSizeGb = pool.DiskSizeGb,
                    DiskType = "pd-balanced",
                    // Guardrail #17.
                    ImageType = "COS_CONTAINERD",
                    ShieldedInstanceConfig = new NodePoolNodeConfigShieldedInstanceConfigArgs
                    {
                        EnableSecureBoot = true,
                        EnableIntegrityMonitoring = true,
                    },
                    // Guardrail #16: the dedicated account; cloud-platform scope with IAM as the real limit (GKE docs).
                    ServiceAccount = nodeAccount.Email,
                    OauthScopes = { "https://www.googleapis.com/auth/cloud-platform" },
                    // Guardrail #15.
                    WorkloadMetadataConfig = new NodePoolNodeConfigWorkloadMetadataConfigArgs { Mode = "GKE_METADATA" },
                    // Guardrail #18.
                    BootDiskKmsKey = key.Id,
                    Tags = { nodeTag },
                    Metadata = { { "disable-legacy-endpoints", "true" } },
                },
            }, new CustomResourceOptions
            {
                Parent = this,
                CustomTimeouts = NodePoolTimeouts,
                // The autoscaler changes the node count and auto-upgrade the node version; neither is drift to undo.
                IgnoreChanges = { "nodeCount", "version" },
                DependsOn = [computeAgentKeyUse, .. nodeRoles],
            }));
        }

        var (kubeconfig, identity) = ClusterAccess.Kubeconfig(
            cluster.Endpoint,
            cluster.MasterAuth.Apply(auth => auth.ClusterCaCertificate ?? string.Empty),
            plan.Name,
            (endpoint, ca) => KubeconfigBuilder.ForGke(plan.Name, endpoint, ca));
        Kubeconfig = kubeconfig;
        ClusterName = cluster.Name;
        KubernetesProvider = ClusterAccess.Provider(name, kubeconfig, identity, args.Cluster.DeleteUnreachable, this, [.. pools]);

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
}

/// <summary>Arguments of <see cref="GkeCluster"/>.</summary>
public sealed class GkeClusterArgs
{
    /// <summary>The planned cluster and the stack-wide switches.</summary>
    public required ClusterLayerArgs Cluster { get; init; }

    /// <summary>The network the cluster lives in.</summary>
    public required GcpNetwork Network { get; init; }

    /// <summary><c>gcp:project</c>: the Workload Identity pool and the service agents' project.</summary>
    public required string Project { get; init; }

    /// <summary><c>gcp:region</c>: where the KMS key ring lives (a zonal cluster's key must be in its region).</summary>
    public required string Region { get; init; }

    /// <summary>The planned pod secondary range's name.</summary>
    public required string PodRangeName { get; init; }

    /// <summary>The planned service secondary range's name.</summary>
    public required string ServiceRangeName { get; init; }

    /// <summary>The control plane's /28 (the source of the Linkerd webhook firewall rule).</summary>
    public required string ControlPlaneCidr { get; init; }
}
