using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using static OneQOrder.Platform.Tests.Guardrails.GuardrailStacks;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>
/// The cloud controls compute their verdicts from the resource plan the Pulumi program applies. For every cloud
/// control on every cloud it applies to, a real planned stack passes, and the same plan with exactly that control's
/// evidence broken (<c>with { … }</c>) fails it, with a detail naming the broken value; no other control changes
/// unless it reads the same evidence (declared per case).
/// </summary>
public sealed class CloudEvidenceTests
{
    /// <summary>The controls the cloud resources implement (GuardrailCatalogue.Cloud.cs).</summary>
    private static readonly string[] CloudControls =
    [
        "NET-01", "CP-01", "CP-02", "NET-03", "NET-04", "NET-05", "CP-03", "CP-04", "CP-05", "CP-06", "CP-07", "CP-08",
        "NODE-01", "NODE-02", "NODE-03", "NODE-04", "NODE-05", "WI-01", "MESH-06", "MON-04",
    ];

    /// <summary>One broken piece of evidence.</summary>
    /// <param name="Control">The control whose evidence it is.</param>
    /// <param name="Cloud">The minimal stack it is broken in.</param>
    /// <param name="Apply">The break.</param>
    /// <param name="Detail">What the fail detail must say about the value it read.</param>
    /// <param name="AlsoFails">Other controls that read the same value and so fail too.</param>
    private sealed record Break(string Control, Cloud Cloud, Func<PlatformPlan, PlatformPlan> Apply, string Detail, string[] AlsoFails);

    private const string Public2a = "oneq-guard-public-ap-northeast-2a";

    private static readonly Dictionary<string, Break> Breaks = new(StringComparer.Ordinal)
    {
        // ── NET-01 ──
        ["NET-01 aws: a node group also joins a public subnet"] = Aws("NET-01", $"node group general joins public subnet {Public2a}",
            aws => NodeGroups(aws, g => g with { Subnets = [.. g.Subnets, Public2a] })),
        ["NET-01 aws: the private subnets map public IPs on launch"] = Aws("NET-01", "node group general gets public IPs in oneq-guard-private-ap-northeast-2a (subnet mapPublicIpOnLaunch=true",
            aws => aws with { Network = aws.Network with { Subnets = [.. aws.Network.Subnets.Select(s => s with { MapPublicIpOnLaunch = true })] } }),
        ["NET-01 aws: the launch template asks for a public IP"] = Aws("NET-01", "launch template associatePublicIpAddress=true",
            aws => LaunchTemplates(aws, t => t with { AssociatePublicIpAddress = true })),
        ["NET-01 aws: a node group joins a subnet the network does not plan"] = Aws("NET-01", "node group general joins subnet-0abc, which the network does not plan",
            aws => NodeGroups(aws, g => g with { Subnets = ["subnet-0abc"] })),
        ["NET-01 gcp: private nodes off"] = Gcp("NET-01", "enablePrivateNodes=false: nodes get public IPs",
            gcp => Gke(gcp, c => c with { PrivateCluster = c.PrivateCluster with { EnablePrivateNodes = false } })),
        ["NET-01 gcp: the cluster joins another subnetwork"] = Gcp("NET-01", "the cluster's subnetwork default is not the planned node subnetwork oneq-guard-nodes",
            gcp => Gke(gcp, c => c with { Subnetwork = "default" }), "NET-05"),

        // ── CP-01 ──
        ["CP-01 aws: public endpoint on without CIDRs"] = Aws("CP-01", "endpointPublicAccess=true without publicAccessCidrs, which EKS reads as 0.0.0.0/0",
            aws => Eks(aws, c => c with { EndpointPublicAccess = true })),
        ["CP-01 aws: public endpoint open to the internet"] = Aws("CP-01", "public endpoint open to 203.0.113.0/24, 0.0.0.0/0",
            aws => Eks(aws, c => c with { EndpointPublicAccess = true, PublicAccessCidrs = ["203.0.113.0/24", "0.0.0.0/0"] })),
        ["CP-01 aws: private endpoint off"] = Aws("CP-01", "endpointPrivateAccess=false",
            aws => Eks(aws, c => c with { EndpointPrivateAccess = false })),
        ["CP-01 gcp: Google Cloud public ranges admitted"] = Gcp("CP-01", "gcpPublicCidrsAccessEnabled=true",
            gcp => Gke(gcp, c => c with { MasterAuthorizedNetworks = c.MasterAuthorizedNetworks with { GcpPublicCidrsAccessEnabled = true } })),
        ["CP-01 gcp: public endpoint open to the internet"] = Gcp("CP-01", "public endpoint open to 0.0.0.0/0",
            gcp => Gke(gcp, c => c with
            {
                PrivateCluster = c.PrivateCluster with { EnablePrivateEndpoint = false },
                MasterAuthorizedNetworks = c.MasterAuthorizedNetworks with { CidrBlocks = ["0.0.0.0/0"] },
            })),
        ["CP-01 gcp: public endpoint with no authorized networks"] = Gcp("CP-01", "enablePrivateEndpoint=false with no authorized networks",
            gcp => Gke(gcp, c => c with { PrivateCluster = c.PrivateCluster with { EnablePrivateEndpoint = false } })),

        // ── CP-02 ──
        ["CP-02 aws: the VPC CNI's network policy agent off"] = Aws("CP-02", "enableNetworkPolicy=\"false\"",
            aws => Eks(aws, c => c with { VpcCni = c.VpcCni with { EnableNetworkPolicy = false } })),
        ["CP-02 gcp: legacy datapath"] = Gcp("CP-02", "datapathProvider=LEGACY_DATAPATH",
            gcp => Gke(gcp, c => c with { DatapathProvider = "LEGACY_DATAPATH" })),
        ["CP-02 gcp: the network-policy add-on on"] = Gcp("CP-02", "the legacy network-policy add-on is on",
            gcp => Gke(gcp, c => c with { NetworkPolicyAddon = true })),

        // ── NET-03 ──
        ["NET-03 aws: no flow log"] = Aws("NET-03", "the VPC oneq-guard-vpc has no flow log",
            aws => aws with { Network = aws.Network with { FlowLog = null } }),
        ["NET-03 aws: rejected traffic only"] = Aws("NET-03", "trafficType=REJECT only, not ALL",
            aws => FlowLog(aws, f => f with { TrafficType = "REJECT" })),
        ["NET-03 aws: flow log group not encrypted"] = Aws("NET-03", "flow log group /aws/vpc/oneq-guard-vpc/flow-logs is not encrypted with a planned KMS key",
            aws => FlowLog(aws, f => f with { LogGroup = f.LogGroup with { KmsKey = null } })),
        ["NET-03 gcp: no subnetwork flow logs"] = Gcp("NET-03", "subnetwork oneq-guard-nodes has no flow logs",
            gcp => Subnetwork(gcp, s => s with { LogConfig = null })),
        ["NET-03 gcp: intranode visibility off"] = Gcp("NET-03", "enableIntranodeVisibility=false",
            gcp => Gke(gcp, c => c with { EnableIntranodeVisibility = false })),

        // ── NET-04 ──
        ["NET-04 aws: the default security group admits SSH"] = Aws("NET-04", "the default security group has 1 ingress and 0 egress rules",
            aws => aws with
            {
                Network = aws.Network with
                {
                    DefaultSecurityGroup = aws.Network.DefaultSecurityGroup with { Ingress = [new AwsSecurityGroupRuleSpec("tcp", 22, 22, ["0.0.0.0/0"])] },
                },
            }),
        ["NET-04 aws: a node group takes SSH"] = Aws("NET-04", "node group general takes SSH with key ops",
            aws => NodeGroups(aws, g => g with { RemoteAccess = new EksRemoteAccessSpec("ops") })),
        ["NET-04 gcp: a firewall rule admits the internet"] = Gcp("NET-04", "firewall oneq-guard-linkerd-webhooks admits 0.0.0.0/0",
            gcp => Gke(gcp, c => c with { Firewalls = [.. c.Firewalls.Select(f => f with { SourceRanges = [.. f.SourceRanges, "0.0.0.0/0"] })] })),
        ["NET-04 gcp: a firewall rule opens SSH"] = Gcp("NET-04", "firewall ssh opens SSH (tcp 22) from 10.0.0.0/8",
            gcp => Gke(gcp, c => c with
            {
                Firewalls = [.. c.Firewalls, new GcpFirewallSpec("ssh", "INGRESS", ["10.0.0.0/8"], [], [new GcpFirewallAllowSpec("tcp", [22])], "ssh")],
            })),

        // ── NET-05 ──
        ["NET-05 gcp: routes-based cluster"] = Gcp("NET-05", "networkingMode=ROUTES, not VPC_NATIVE",
            gcp => Gke(gcp, c => c with { NetworkingMode = "ROUTES" })),
        ["NET-05 gcp: the pod range is not a secondary range"] = Gcp("NET-05", "pod range oneq-guard-other and service range oneq-guard-services are not two secondary ranges of oneq-guard-nodes",
            gcp => Gke(gcp, c => c with { PodRange = "oneq-guard-other" })),
        ["NET-05 gcp: Private Google Access off"] = Gcp("NET-05", "privateIpGoogleAccess=false on oneq-guard-nodes",
            gcp => Subnetwork(gcp, s => s with { PrivateIpGoogleAccess = false })),

        // ── CP-03 ──
        ["CP-03 aws: no encryption config"] = Aws("CP-03", "no encryptionConfig",
            aws => Eks(aws, c => c with { SecretsEncryption = null })),
        ["CP-03 aws: encryption config without secrets"] = Aws("CP-03", "encryptionConfig covers configmaps, not secrets",
            aws => Eks(aws, c => c with { SecretsEncryption = Assert.IsType<EksEncryptionSpec>(c.SecretsEncryption) with { Resources = ["configmaps"] } })),
        ["CP-03 aws: key rotation off"] = Aws("CP-03", "key oneq-guard-eks has rotation off",
            aws => Eks(aws, c => c with { Key = c.Key with { EnableKeyRotation = false } })),
        ["CP-03 gcp: no database encryption"] = Gcp("CP-03", "no databaseEncryption",
            gcp => Gke(gcp, c => c with { DatabaseEncryption = null })),
        ["CP-03 gcp: the key is never rotated"] = Gcp("CP-03", "key oneq-guard-cluster is never rotated",
            gcp => Gke(gcp, c => c with { Key = c.Key with { RotationPeriodDays = null } })),

        // ── CP-04 ──
        ["CP-04 aws: the audit log type off"] = Aws("CP-04", "enabledClusterLogTypes lacks audit",
            aws => Eks(aws, c => c with { EnabledClusterLogTypes = [.. c.EnabledClusterLogTypes.Where(t => t != "audit")] }), "MON-04"),
        ["CP-04 aws: the log group is not encrypted"] = Aws("CP-04", "log group /aws/eks/oneq-guard/cluster is not encrypted with a planned KMS key",
            aws => Eks(aws, c => c with { ControlPlaneLogGroup = c.ControlPlaneLogGroup with { KmsKey = null } })),
        ["CP-04 aws: the log group is not where EKS writes"] = Aws("CP-04", "log group /aws/eks/elsewhere/cluster is not /aws/eks/oneq-guard/cluster, where EKS writes",
            aws => Eks(aws, c => c with { ControlPlaneLogGroup = c.ControlPlaneLogGroup with { Name = "/aws/eks/elsewhere/cluster" } })),
        ["CP-04 gcp: the API server not logged"] = Gcp("CP-04", "loggingConfig.enableComponents unset lacks APISERVER",
            gcp => Gke(gcp, c => c with { LoggingComponents = null }), "MON-04"),
        ["CP-04 gcp: retention on another bucket"] = Gcp("CP-04", "retention is set on bucket audit, not _Default where the logs land",
            gcp => Gke(gcp, c => c with { LogBucket = c.LogBucket with { BucketId = "audit" } })),

        // ── CP-05 ──
        ["CP-05 aws: node repair off"] = Aws("CP-05", "node group general has nodeRepairConfig off",
            aws => NodeGroups(aws, g => g with { NodeRepair = false })),
        ["CP-05 aws: an unsupported version"] = Aws("CP-05", "Kubernetes 1.29 is older than 1.30",
            aws => Eks(aws, c => c with { KubernetesVersion = "1.29" })),
        ["CP-05 gcp: no release channel"] = Gcp("CP-05", "release channel UNSPECIFIED does not upgrade the cluster",
            gcp => Gke(gcp, c => c with { ReleaseChannel = "UNSPECIFIED" })),
        ["CP-05 gcp: node auto-upgrade off"] = Gcp("CP-05", "node pool general has autoUpgrade=false, autoRepair=true",
            gcp => NodePools(gcp, p => p with { AutoUpgrade = false })),

        // ── CP-06 ──
        ["CP-06 gcp: client certificates issued"] = Gcp("CP-06", "issueClientCertificate=true",
            gcp => Gke(gcp, c => c with { IssueClientCertificate = true })),
        ["CP-06 gcp: legacy ABAC on"] = Gcp("CP-06", "enableLegacyAbac=true",
            gcp => Gke(gcp, c => c with { EnableLegacyAbac = true })),
        ["CP-06 gcp: an alpha cluster"] = Gcp("CP-06", "enableKubernetesAlpha=true",
            gcp => Gke(gcp, c => c with { EnableKubernetesAlpha = true })),

        // ── CP-07 ──
        ["CP-07 aws: the aws-auth ConfigMap still grants access"] = Aws("CP-07", "authenticationMode=API_AND_CONFIG_MAP",
            aws => Eks(aws, c => c with { AccessConfig = c.AccessConfig with { AuthenticationMode = "API_AND_CONFIG_MAP" } })),
        ["CP-07 aws: the creator is admin"] = Aws("CP-07", "bootstrapClusterCreatorAdminPermissions=true",
            aws => Eks(aws, c => c with { AccessConfig = c.AccessConfig with { BootstrapClusterCreatorAdminPermissions = true } })),
        ["CP-07 gcp: no RBAC security group"] = Gcp("CP-07", "no authenticatorGroupsConfig.securityGroup",
            gcp => Gke(gcp, c => c with { SecurityGroup = null })),
        ["CP-07 gcp: a security group GKE does not accept"] = Gcp("CP-07", "authenticatorGroupsConfig.securityGroup=admins@oneq.example",
            gcp => Gke(gcp, c => c with { SecurityGroup = "admins@oneq.example" })),

        // ── CP-08 ──
        ["CP-08 aws: provider deletion protection off"] = Aws("CP-08", "the cluster has deletionProtection=false",
            aws => Eks(aws, c => c with { DeletionProtection = false })),
        ["CP-08 aws: the cluster not protected in Pulumi"] = Aws("CP-08", "not protected in Pulumi: EKS cluster oneq-guard",
            aws => Eks(aws, c => c with { Protect = false })),
        ["CP-08 aws: the flow-log key not protected"] = Aws("CP-08", "not protected in Pulumi: KMS key oneq-guard-vpc-flow-logs",
            aws => FlowLog(aws, f => f with { Key = f.Key with { Protect = false } })),
        ["CP-08 aws: production drops unreachable resources"] = Aws("CP-08", "deleteUnreachable=true) in a production stack",
            aws => aws with { KubernetesProvider = new KubernetesProviderSpec(DeleteUnreachable: true) }),
        ["CP-08 gcp: provider deletion protection off"] = Gcp("CP-08", "the cluster has deletionProtection=false",
            gcp => Gke(gcp, c => c with { DeletionProtection = false })),
        ["CP-08 gcp: the log bucket not protected"] = Gcp("CP-08", "not protected in Pulumi: log bucket _Default",
            gcp => Gke(gcp, c => c with { LogBucket = c.LogBucket with { Protect = false } })),

        // ── NODE-01 ──
        ["NODE-01 aws: IMDSv1 allowed"] = Aws("NODE-01", "node group general: httpEndpoint=enabled, httpTokens=optional, hop limit 1",
            aws => LaunchTemplates(aws, t => t with { MetadataOptions = t.MetadataOptions with { HttpTokens = "optional" } })),
        ["NODE-01 aws: hop limit 2"] = Aws("NODE-01", "httpTokens=required, hop limit 2",
            aws => LaunchTemplates(aws, t => t with { MetadataOptions = t.MetadataOptions with { HttpPutResponseHopLimit = 2 } })),

        // ── NODE-02 ──
        ["NODE-02 gcp: node metadata exposed to pods"] = Gcp("NODE-02", "node pool general has workloadMetadataConfig.mode=GCE_METADATA",
            gcp => NodePools(gcp, p => p with { WorkloadMetadataMode = "GCE_METADATA" })),
        ["NODE-02 gcp: legacy metadata endpoints served"] = Gcp("NODE-02", "node pool general serves the legacy metadata endpoints",
            gcp => NodePools(gcp, p => p with { Metadata = new Dictionary<string, string>() })),
        ["NODE-02 gcp: another workload pool"] = Gcp("NODE-02", "workloadPool elsewhere.svc.id.goog is not the project's pool oneq-test.svc.id.goog",
            gcp => Gke(gcp, c => c with { WorkloadPool = "elsewhere.svc.id.goog" }), "WI-01"),

        // ── NODE-03 ──
        ["NODE-03 aws: the node role holds the CNI policy"] = Aws("NODE-03", "the node role also holds AmazonEKS_CNI_Policy",
            aws => Eks(aws, c => c with { NodeRole = c.NodeRole with { ManagedPolicies = [.. c.NodeRole.ManagedPolicies, "AmazonEKS_CNI_Policy"] } })),
        ["NODE-03 aws: the node role is an administrator"] = Aws("NODE-03", "the node role also holds AdministratorAccess",
            aws => Eks(aws, c => c with { NodeRole = c.NodeRole with { ManagedPolicies = ["AdministratorAccess"] } })),
        ["NODE-03 gcp: the node account is an editor"] = Gcp("NODE-03", "the node service account oneq-guard-nodes also holds roles/editor",
            gcp => Gke(gcp, c => c with { NodeServiceAccount = c.NodeServiceAccount with { Roles = [.. c.NodeServiceAccount.Roles, "roles/editor"] } })),
        ["NODE-03 gcp: nodes run as the default compute account"] = Gcp("NODE-03", "node pool general runs as default, not the dedicated oneq-guard-nodes",
            gcp => NodePools(gcp, p => p with { ServiceAccount = "default" })),
        ["NODE-03 gcp: a broad oauth scope"] = Gcp("NODE-03", "node pool general has oauth scopes https://www.googleapis.com/auth/compute",
            gcp => NodePools(gcp, p => p with { OauthScopes = [.. p.OauthScopes, "https://www.googleapis.com/auth/compute"] })),

        // ── NODE-04 ──
        ["NODE-04 gcp: shielded nodes off"] = Gcp("NODE-04", "enableShieldedNodes=false",
            gcp => Gke(gcp, c => c with { EnableShieldedNodes = false })),
        ["NODE-04 gcp: secure boot off"] = Gcp("NODE-04", "node pool general has secure boot off, integrity monitoring on",
            gcp => NodePools(gcp, p => p with { EnableSecureBoot = false })),
        ["NODE-04 gcp: not Container-Optimized OS"] = Gcp("NODE-04", "node pool general runs image UBUNTU_CONTAINERD, not COS_CONTAINERD",
            gcp => NodePools(gcp, p => p with { ImageType = "UBUNTU_CONTAINERD" })),

        // ── NODE-05 ──
        ["NODE-05 aws: root volume unencrypted"] = Aws("NODE-05", "node group general: root volume encrypted=false, KMS key oneq-guard-eks",
            aws => LaunchTemplates(aws, t => t with { RootVolume = t.RootVolume with { Encrypted = false } })),
        ["NODE-05 aws: root volume on the default EBS key"] = Aws("NODE-05", "node group general: root volume encrypted=true, KMS key none",
            aws => LaunchTemplates(aws, t => t with { RootVolume = t.RootVolume with { KmsKey = null } })),
        ["NODE-05 aws: the encrypted volume is not the root device"] = Aws("NODE-05", "the encrypted volume maps /dev/xvdb, but AL2023_x86_64_STANDARD boots from /dev/xvda",
            aws => LaunchTemplates(aws, t => t with { RootVolume = t.RootVolume with { DeviceName = "/dev/xvdb" } })),
        ["NODE-05 gcp: Google-managed boot disk encryption"] = Gcp("NODE-05", "node pool general: bootDiskKmsKey unset (Google-managed encryption)",
            gcp => NodePools(gcp, p => p with { BootDiskKmsKey = null })),

        // ── WI-01 ──
        ["WI-01 aws: a service without its own role"] = Aws("WI-01", "service pg has 0 cloud identities, not one",
            aws => aws with { PodIdentities = [.. aws.PodIdentities.Where(i => i.Tenant.Name != "pg")] }),
        ["WI-01 aws: two services share a role"] = Aws("WI-01", "oneq-guard-bank is shared by card, bank",
            aws => aws with { PodIdentities = [.. aws.PodIdentities.Select(i => i.Tenant.Name == "card" ? i with { RoleName = "oneq-guard-bank" } : i)] }),
        ["WI-01 aws: roles trusted by every node"] = Aws("WI-01", "service roles trust ec2.amazonaws.com, not the Pod Identity agent (pods.eks.amazonaws.com)",
            aws => aws with { PodIdentityTrust = aws.PodIdentityTrust with { Service = "ec2.amazonaws.com" } }),
        ["WI-01 gcp: an account impersonable from another pool"] = Gcp("WI-01", "oneq-guard-card@elsewhere.iam.gserviceaccount.com is impersonable by serviceAccount:elsewhere.svc.id.goog[card/card], outside the cluster's workload pool oneq-test.svc.id.goog",
            gcp => gcp with { WorkloadIdentities = [.. gcp.WorkloadIdentities.Select(i => i.Tenant.Name == "card" ? i with { Project = "elsewhere" } : i)] }),
        ["WI-01 gcp: a service acts as the nodes"] = Gcp("WI-01", "card would act as the nodes' service account oneq-guard-nodes",
            gcp => gcp with { WorkloadIdentities = [.. gcp.WorkloadIdentities.Select(i => i.Tenant.Name == "card" ? i with { AccountId = "oneq-guard-nodes" } : i)] }),
        ["WI-01 gcp: a service without its own account"] = Gcp("WI-01", "service bank has 0 cloud identities, not one",
            gcp => gcp with { WorkloadIdentities = [.. gcp.WorkloadIdentities.Where(i => i.Tenant.Name != "bank")] }),

        // ── MESH-06 ──
        ["MESH-06 gcp: no webhook firewall rule"] = Gcp("MESH-06", "no ingress firewall rule admits the control plane (172.16.0.0/28) to every node pool on tcp 8089, 8443, 9443; rules: none",
            gcp => Gke(gcp, c => c with { Firewalls = [] })),
        ["MESH-06 gcp: the rule admits another range"] = Gcp("MESH-06", "rules: oneq-guard-linkerd-webhooks (ingress) from 10.0.0.0/8",
            gcp => Gke(gcp, c => c with { Firewalls = [.. c.Firewalls.Select(f => f with { SourceRanges = ["10.0.0.0/8"] })] })),
        ["MESH-06 gcp: the rule misses the policy validator"] = Gcp("MESH-06", "on tcp 8089, 8443",
            gcp => Gke(gcp, c => c with { Firewalls = [.. c.Firewalls.Select(f => f with { Allows = [new GcpFirewallAllowSpec("tcp", [8089, 8443])] })] })),
        ["MESH-06 gcp: the nodes do not carry the rule's tag"] = Gcp("MESH-06", "to nodes tagged oneq-guard-node",
            gcp => NodePools(gcp, p => p with { NetworkTags = ["other"] })),

        // ── MON-04 ──
        ["MON-04 aws: the audit log kept 90 days"] = Aws("MON-04", "no cloud log holds 12 months: audit log on, kept 90 days in CloudWatch log group /aws/eks/oneq-guard/cluster",
            aws => Eks(aws, c => c with { ControlPlaneLogGroup = c.ControlPlaneLogGroup with { RetentionInDays = 90 } }), "CP-04"),
        ["MON-04 gcp: the log bucket kept 30 days"] = Gcp("MON-04", "no cloud log holds 12 months: audit log on, kept 30 days in Cloud Logging's _Default bucket",
            gcp => Gke(gcp, c => c with { LogBucket = c.LogBucket with { RetentionDays = 30 } }), "CP-04"),
    };

    public static TheoryData<string> Cases => new(Breaks.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Breaking_a_controls_evidence_in_the_resource_plan_fails_it(string name)
    {
        // Arrange
        var broken = Breaks[name];
        var plan = Plan(broken.Cloud == Cloud.Aws ? "aws" : "gcp");
        Assert.Equal(GuardrailStatus.Pass, PlanGuardrails.Evaluate(plan)[broken.Control].Status);
        Assert.Equal(0, PlanGuardrails.Evaluate(plan).Count(GuardrailStatus.Fail));

        // Act
        var report = PlanGuardrails.Evaluate(broken.Apply(plan));

        // Assert
        var entry = report[broken.Control];
        Assert.Equal(GuardrailStatus.Fail, entry.Status);
        Assert.Contains(broken.Detail, entry.Detail, StringComparison.Ordinal);
        Assert.Equal(
            [broken.Control, .. broken.AlsoFails],
            report.Entries.Where(e => e.Status == GuardrailStatus.Fail).Select(e => e.Control.Id).OrderBy(id => id != broken.Control).ThenBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_cloud_control_has_a_break_on_every_cloud_it_applies_to()
    {
        var covered = Breaks.Values.Select(b => (b.Control, b.Cloud)).ToHashSet();

        var missing = CloudControls
            .SelectMany(id => GuardrailCatalogue.Find(id).Clouds.Select(cloud => (id, cloud)))
            .Where(x => !covered.Contains(x))
            .ToList();

        Assert.Empty(missing);
        Assert.All(Breaks.Values, b => Assert.Contains(b.Control, CloudControls));
    }

    /// <summary>
    /// The in-cluster and edge controls' breaks live in GuardrailControlTests (AssertBreaks on the rendered objects):
    /// every control that is not a cloud control has at least one, so a new control cannot arrive with a passing test only.
    /// </summary>
    [Fact]
    public void Every_in_cluster_and_edge_control_has_a_test_that_breaks_its_rendered_evidence()
    {
        var sources = string.Concat(Directory.GetFiles(Path.Combine(Support.Repository.Root, "tests/OneQOrder.Platform.Tests/Guardrails"), "GuardrailControlTests*.cs")
            .Select(File.ReadAllText));

        var missing = GuardrailCatalogue.Controls.Select(c => c.Id)
            .Where(id => !CloudControls.Contains(id) && !sources.Contains($"AssertBreaks(\"{id}\"", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(missing);
        Assert.Contains("EDGE-03", GuardrailCatalogue.Controls.Select(c => c.Id).Except(CloudControls));
    }

    [Fact]
    public void The_untouched_plan_of_each_committed_stack_passes_every_cloud_control_that_is_not_relaxed()
    {
        foreach (var stack in new[] { "dev", "prod" })
        {
            var plan = PlatformPlanner.Build(Support.Repository.Validated(stack));

            var report = PlanGuardrails.Evaluate(plan);

            Assert.Equal(plan.Guardrails, report, ReportComparer.Instance);
            Assert.All(CloudControls.Select(id => report[id]), e => Assert.Contains(e.Status, new[] { GuardrailStatus.Pass, GuardrailStatus.Relaxed, GuardrailStatus.NotApplicable }));
        }
    }

    [Fact]
    public void A_resource_plan_of_the_other_cloud_fails_every_cloud_control_that_applies()
    {
        var gcp = Plan("gcp");
        var aws = Plan("aws");

        var report = PlanGuardrails.Evaluate(gcp with { Resources = aws.Resources });

        Assert.All(CloudControls.Select(id => report[id]).Where(e => e.Status != GuardrailStatus.NotApplicable && e.Status != GuardrailStatus.Relaxed),
            e => Assert.Equal((GuardrailStatus.Fail, "the resource plan is for aws, the stack for gcp"), (e.Status, e.Detail)));
    }

    // ── Breaking helpers ─────────────────────────────────────────────────────────────────────────

    private static Break Aws(string control, string detail, Func<AwsResourcePlan, AwsResourcePlan> change, params string[] alsoFails) =>
        new(control, Cloud.Aws, plan => plan with { Resources = change(Assert.IsType<AwsResourcePlan>(plan.Resources)) }, detail, alsoFails);

    private static Break Gcp(string control, string detail, Func<GcpResourcePlan, GcpResourcePlan> change, params string[] alsoFails) =>
        new(control, Cloud.Gcp, plan => plan with { Resources = change(Assert.IsType<GcpResourcePlan>(plan.Resources)) }, detail, alsoFails);

    private static AwsResourcePlan Eks(AwsResourcePlan aws, Func<EksClusterSpec, EksClusterSpec> change) =>
        aws with { Cluster = change(aws.Cluster) };

    private static AwsResourcePlan FlowLog(AwsResourcePlan aws, Func<AwsFlowLogSpec, AwsFlowLogSpec> change) =>
        aws with { Network = aws.Network with { FlowLog = change(Assert.IsType<AwsFlowLogSpec>(aws.Network.FlowLog)) } };

    private static AwsResourcePlan NodeGroups(AwsResourcePlan aws, Func<EksNodeGroupSpec, EksNodeGroupSpec> change) =>
        Eks(aws, c => c with { NodeGroups = [.. c.NodeGroups.Select(change)] });

    private static AwsResourcePlan LaunchTemplates(AwsResourcePlan aws, Func<Ec2LaunchTemplateSpec, Ec2LaunchTemplateSpec> change) =>
        NodeGroups(aws, g => g with { LaunchTemplate = change(g.LaunchTemplate) });

    private static GcpResourcePlan Gke(GcpResourcePlan gcp, Func<GkeClusterSpec, GkeClusterSpec> change) =>
        gcp with { Cluster = change(gcp.Cluster) };

    private static GcpResourcePlan NodePools(GcpResourcePlan gcp, Func<GkeNodePoolSpec, GkeNodePoolSpec> change) =>
        Gke(gcp, c => c with { NodePools = [.. c.NodePools.Select(change)] });

    private static GcpResourcePlan Subnetwork(GcpResourcePlan gcp, Func<GcpSubnetworkSpec, GcpSubnetworkSpec> change) =>
        gcp with { Network = gcp.Network with { Subnetwork = change(gcp.Network.Subnetwork) } };

    /// <summary>Two reports are the same when every entry has the same control, status and detail.</summary>
    private sealed class ReportComparer : IEqualityComparer<GuardrailReport>
    {
        public static readonly ReportComparer Instance = new();

        public bool Equals(GuardrailReport? x, GuardrailReport? y) =>
            x is not null && y is not null
            && x.Entries.Select(e => (e.Control.Id, e.Status, e.Detail)).SequenceEqual(y.Entries.Select(e => (e.Control.Id, e.Status, e.Detail)));

        public int GetHashCode(GuardrailReport obj) => obj.Entries.Count;
    }
}
