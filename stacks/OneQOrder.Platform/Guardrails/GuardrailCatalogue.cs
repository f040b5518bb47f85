using System.Globalization;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Guardrails;

/// <summary>What a control's check sees: the settings and the plan built from them.</summary>
/// <param name="Settings">Validated stack settings.</param>
/// <param name="Network">The network plan.</param>
/// <param name="Cluster">The cluster plan.</param>
public sealed record GuardrailContext(StackSettings Settings, NetworkPlan Network, ClusterPlan Cluster)
{
    internal bool Gcp => Settings.Cloud == Cloud.Gcp;

    internal string ServiceNames => string.Join(", ", Settings.Services.Select(s => s.Name));
}

/// <summary>The result of checking a control against the plan: whether the plan honours it, and the evidence.</summary>
internal readonly record struct GuardrailCheck(bool Holds, string Detail)
{
    public static GuardrailCheck Pass(string detail) => new(true, detail);

    public static GuardrailCheck When(bool holds, string pass, string fail) => new(holds, holds ? pass : fail);
}

/// <summary>A control with its two rules: which setting values relax it (settings only) and what the plan must show.</summary>
internal sealed record GuardrailRule(
    GuardrailControl Control,
    Func<StackSettings, IEnumerable<GuardrailRelaxation>> Relaxations,
    Func<GuardrailContext, GuardrailCheck> Check);

/// <summary>
/// The guardrail catalogue of <c>GUARDRAILS.md</c> as code: 35 rows, 36 controls (row 26 is split into mesh injection
/// and mesh HA), in catalogue order. Ids carry the layer prefix (NET, CP, NODE, WI, NS, MESH, MON) and number the
/// controls of a layer in catalogue order. Which test asserts each implementation is listed in docs/guardrails.md.
/// </summary>
public static class GuardrailCatalogue
{
    /// <summary>The Linkerd default inbound policies that keep unauthenticated traffic out (linkerd.io/2/reference/authorization-policy).</summary>
    public static readonly IReadOnlySet<string> StrictInboundPolicies = new SortedSet<string>(StringComparer.Ordinal) { "all-authenticated", "deny" };

    /// <summary>PCI DSS 10.5.1: audit log history retained for at least 12 months.</summary>
    public const int MinimumAuditLogRetentionDays = 365;

    private const string NotBuiltHere = "the platform creates no load balancer or ingress: the internet edge of public services is outside its scope (services[].public only draws it in the diagram)";

    internal static IReadOnlyList<GuardrailRule> Rules { get; } = BuildRules();

    /// <summary>Every control, in catalogue order.</summary>
    public static IReadOnlyList<GuardrailControl> Controls { get; } = Rules.Select(r => r.Control).ToList();

    /// <summary>The control with id <paramref name="id"/>.</summary>
    public static GuardrailControl Find(string id) =>
        Controls.SingleOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"no guardrail control {id}");

    private static List<GuardrailRule> BuildRules() =>
    [
        // ── Network & segmentation ────────────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "NET-01", Catalogue = 1, Layer = GuardrailLayer.Network,
                Title = "Worker nodes in private subnets, no public IPs",
                Sources = ["KB-EKS 5.4.3", "KB-GKE 5.6.5", "EKS-BP hosts \"Deploy workers onto private subnets\"", "PCI 1.3.1", "PCI 1.4.4"],
                Implementation = "library: ClusterPlan.PrivateNodes, NodePoolPlan.Subnets (private subnets only); Pulumi: Subnet.mapPublicIpOnLaunch=false and a LaunchTemplate without networkInterfaces, so EKS nodes take the private subnets' setting; privateClusterConfig.enablePrivateNodes (GKE)",
                SettingKeys = ["cluster.publicNodeIps"],
            },
            s => Flag("cluster.publicNodeIps", s.Cluster.PublicNodeIps, required: false),
            c =>
            {
                var privateNames = c.Network.PrivateSubnets.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
                var poolSubnets = c.Cluster.NodePools.SelectMany(p => p.Subnets).Distinct().ToList();
                var onlyPrivate = poolSubnets.Count > 0 && poolSubnets.All(privateNames.Contains);
                return GuardrailCheck.When(c.Cluster.PrivateNodes && onlyPrivate,
                    $"nodes have no public IPs and join only private subnets: {string.Join(", ", poolSubnets)}",
                    $"node pools join {string.Join(", ", poolSubnets)}; private subnets are {string.Join(", ", privateNames)}; private nodes: {c.Cluster.PrivateNodes}");
            }),
        new(new GuardrailControl
            {
                Id = "CP-01", Catalogue = 2, Layer = GuardrailLayer.Cluster,
                Title = "Control-plane endpoint private; public access off or CIDR-restricted",
                Sources = ["KB-EKS 5.4.1", "KB-EKS 5.4.2", "KB-GKE 5.6.3", "KB-GKE 5.6.4", "EKS-BP iam \"Make the EKS Cluster Endpoint private\""],
                Implementation = "library: ClusterPlan.PublicAccessCidrs; Pulumi: EKS vpcConfig{endpointPrivateAccess=true, publicAccessCidrs}, GKE privateClusterConfig + masterAuthorizedNetworksConfig (gcpPublicCidrsAccessEnabled=false)",
                SettingKeys = ["cluster.publicAccessCidrs"],
            },
            s => s.Cluster.PublicAccessCidrs
                .Select((cidr, i) => (cidr, i))
                .Where(x => IsWholeInternet(x.cidr))
                .Select(x => new GuardrailRelaxation($"cluster.publicAccessCidrs[{x.i}]", x.cidr,
                    "no /0 range: leave cluster.publicAccessCidrs empty (private endpoint only) or list the specific CIDRs that may reach the endpoint")),
            c => GuardrailCheck.When(!c.Cluster.PublicAccessCidrs.Any(IsWholeInternet),
                c.Cluster.PublicEndpoint
                    ? $"private endpoint on; public endpoint limited to {string.Join(", ", c.Cluster.PublicAccessCidrs)}"
                    : "private endpoint only; no public access",
                $"public endpoint open to {string.Join(", ", c.Cluster.PublicAccessCidrs)}")),
        new(new GuardrailControl
            {
                Id = "CP-02", Catalogue = 3, Layer = GuardrailLayer.Cluster,
                Title = "NetworkPolicy is enforced by the CNI",
                Sources = ["KB-EKS 4.3.1", "KB-EKS 5.4.4", "KB-GKE 4.3.1", "EKS-BP network L65"],
                Implementation = "Pulumi: EKS Addon vpc-cni configurationValues {\"enableNetworkPolicy\":\"true\"}; GKE datapathProvider=ADVANCED_DATAPATH (Dataplane V2, without the network-policy add-on)",
            },
            NoSetting,
            c => GuardrailCheck.Pass(c.Gcp
                ? "GKE Dataplane V2 (ADVANCED_DATAPATH) enforces NetworkPolicy; the separate network-policy add-on stays unset"
                : "EKS vpc-cni add-on with enableNetworkPolicy=\"true\" enforces NetworkPolicy")),
        new(new GuardrailControl
            {
                Id = "NET-02", Catalogue = 4, Layer = GuardrailLayer.Network,
                Title = "Default-deny NetworkPolicy in every service namespace and monitoring, with explicit allows",
                Sources = ["KB-EKS 4.3.2", "KB-GKE 4.3.2", "EKS-BP network \"Create a default deny policy\"", "EKS-BP network \"Create a rule to allow DNS queries\"", "PCI 1.3.1", "PCI 1.3.2", "linkerd2#15246"],
                Implementation = "rendered manifests: NetworkPolicy podSelector {} with policyTypes [Ingress, Egress] in each service namespace and monitoring; service allows (DNS, Linkerd, monitoring, declared calls) derived from the call matrix; monitoring allows all egress (Prometheus scrapes every namespace, the nodes and the API server; Grafana downloads dashboards), ingress within monitoring, linkerd-viz to Prometheus, and the API server's range to the prometheus-operator webhook. node-exporter (hostNetwork) and kubectl port-forward are outside NetworkPolicy",
                SettingKeys = ["namespaces.defaultDeny"],
            },
            s => Flag("namespaces.defaultDeny", s.Namespaces.DefaultDeny, required: true),
            c => GuardrailCheck.Pass($"default-deny Ingress+Egress in {c.ServiceNames} and {PlatformNamespaces.Monitoring}; service allows: DNS to kube-system:53, Linkerd 4143 and control plane, monitoring to 4191, {c.Settings.Calls.Count} declared calls; monitoring allows: all egress, ingress from monitoring, linkerd-viz to {PlatformPorts.Prometheus}, the API server ({string.Join(", ", PodNetworks.ApiServerOf(c.Network))}) to the operator webhook {PlatformPorts.PrometheusOperatorWebhook}")),
        new(new GuardrailControl
            {
                Id = "NET-03", Catalogue = 5, Layer = GuardrailLayer.Network,
                Title = "VPC / subnet flow logs (and GKE intranode visibility)",
                Sources = ["KB-GKE 5.6.1", "PCI 10.2.1"],
                Implementation = "library: NetworkPlan.FlowLogs; Pulumi: aws.ec2.FlowLog trafficType ALL on the VPC, GCP Subnetwork.logConfig + Cluster.enableIntranodeVisibility",
                SettingKeys = ["network.flowLogs"],
                TestRelaxationReason = "flow logs are a detective control (PCI 10.2.1) for an environment holding cardholder data; a test stack holds none, and flow-log ingestion is billed per GB. Segmentation itself (NET-02, MESH-03) is unchanged",
            },
            s => Flag("network.flowLogs", s.Network.FlowLogs, required: true),
            c => GuardrailCheck.When(c.Network.FlowLogs,
                c.Gcp ? $"subnetwork flow logs on {c.Network.PrivateSubnets.First().Name}; intranode visibility on" : $"VPC flow log (ALL traffic) on {c.Network.Name}",
                "the network plan has flow logs off")),
        new(new GuardrailControl
            {
                Id = "NET-04", Catalogue = 6, Layer = GuardrailLayer.Network,
                Title = "Default security group denies all; no 0.0.0.0/0 SSH or any; no node SSH",
                Sources = ["KB-GKE 5.6.6", "PCI 1.3.1"],
                Implementation = "Pulumi: aws.ec2.DefaultSecurityGroup without rules, no NodeGroup.remoteAccess; GCP Firewall rules without 0.0.0.0/0 sources",
            },
            NoSetting,
            c => GuardrailCheck.Pass(c.Gcp
                ? "no firewall rule admits 0.0.0.0/0; nodes take no SSH"
                : "the VPC's default security group has no rules; node groups have no remote access (SSH)")),
        new(new GuardrailControl
            {
                Id = "NET-05", Catalogue = 7, Layer = GuardrailLayer.Network,
                Title = "VPC-native (alias IP) GKE; Private Google Access on the node subnetwork",
                Sources = ["KB-GKE 5.6.2"],
                Implementation = "library: NetworkPlan.SecondaryRanges (pods, services); Pulumi: networkingMode=VPC_NATIVE + ipAllocationPolicy, Subnetwork.privateIpGoogleAccess=true",
                NotApplicable = [new(Cloud.Aws, "GKE networking modes; on EKS the VPC CNI gives pods VPC addresses natively, and private nodes reach AWS APIs through the NAT gateway")],
            },
            NoSetting,
            c => GuardrailCheck.When(c.Network.SecondaryRanges.Count == 2,
                "VPC-native: " + string.Join(", ", c.Network.SecondaryRanges.Select(r => $"{r.Name} {r.Cidr}")) + "; Private Google Access on the node subnetwork",
                "the node subnetwork lacks its pod and service secondary ranges")),

        // ── Control plane ─────────────────────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "CP-03", Catalogue = 8, Layer = GuardrailLayer.Cluster,
                Title = "Secrets envelope-encrypted with a customer-managed KMS key",
                Sources = ["KB-EKS 5.3.1", "KB-GKE 5.3.1", "EKS-BP data \"Use AWS KMS for envelope encryption\""],
                Implementation = "library: ClusterPlan.SecretsEncryption; Pulumi: EKS encryptionConfig{resources:[secrets]} + aws.kms.Key enableKeyRotation; GKE databaseEncryption ENCRYPTED + gcp.kms.CryptoKey rotationPeriod",
                SettingKeys = ["cluster.secretsEncryption"],
            },
            s => Flag("cluster.secretsEncryption", s.Cluster.SecretsEncryption, required: true),
            c => GuardrailCheck.When(c.Cluster.SecretsEncryption,
                $"Secrets envelope-encrypted with a customer-managed {(c.Gcp ? "Cloud KMS" : "AWS KMS")} key, rotation on",
                "the cluster plan has secrets encryption off")),
        new(new GuardrailControl
            {
                Id = "CP-04", Catalogue = 9, Layer = GuardrailLayer.Cluster,
                Title = "Control-plane audit logs on, retained at least 12 months, KMS-encrypted",
                Sources = ["KB-EKS 2.1.1", "KB-EKS 2.1.2", "KB-GKE 5.7.1", "EKS-BP detective \"Enable audit logs\"", "PCI 10.2.1", "PCI 10.5.1"],
                Implementation = "library: ClusterPlan.AuditLogs, AuditLogRetentionDays; Pulumi: EKS enabledClusterLogTypes (all five) + pre-created CloudWatch LogGroup /aws/eks/<name>/cluster with retentionInDays and kmsKeyId; GKE loggingConfig.enableComponents + logging.ProjectBucketConfig on the project's _Default bucket with retentionDays (Data Access audit and component logs); GKE's Admin Activity audit logs go to Cloud Logging's _Required bucket (400 days, fixed)",
                SettingKeys = ["cluster.auditLogs", "cluster.auditLogRetentionDays"],
            },
            s =>
            [
                .. Flag("cluster.auditLogs", s.Cluster.AuditLogs, required: true),
                .. s.Cluster.AuditLogRetentionDays < MinimumAuditLogRetentionDays
                    ? [new GuardrailRelaxation("cluster.auditLogRetentionDays", Text(s.Cluster.AuditLogRetentionDays), $"at least {MinimumAuditLogRetentionDays} days (PCI 10.5.1: 12 months of audit history)")]
                    : Array.Empty<GuardrailRelaxation>(),
            ],
            c => GuardrailCheck.When(c.Cluster.AuditLogs && c.Cluster.AuditLogRetentionDays >= MinimumAuditLogRetentionDays,
                c.Gcp
                    ? $"control-plane logs on (loggingConfig incl. APISERVER), kept {c.Cluster.AuditLogRetentionDays} days in Cloud Logging's _Default bucket; Admin Activity audit logs kept 400 days in the _Required bucket"
                    : $"control-plane audit logs on, kept {c.Cluster.AuditLogRetentionDays} days in CloudWatch Logs, KMS-encrypted",
                $"audit logs {(c.Cluster.AuditLogs ? "on" : "off")}, kept {c.Cluster.AuditLogRetentionDays} days")),
        new(new GuardrailControl
            {
                Id = "CP-05", Catalogue = 10, Layer = GuardrailLayer.Cluster,
                Title = "Supported Kubernetes version; release channel; node auto-upgrade and auto-repair",
                Sources = ["KB-GKE 5.5.2-5.5.4", "EKS-BP hosts \"Keep your worker node OS updated\"", "PCI 6.3.3"],
                Implementation = "library: ClusterPlan.KubernetesVersion, ReleaseChannel (validated: 1.30 or newer); Pulumi: GKE releaseChannel + NodePool.management{autoUpgrade, autoRepair}; EKS Cluster.version + NodeGroup.nodeRepairConfig.enabled (NodeGroup.version/releaseVersion unset: node groups launch the version's latest EKS AMI and are upgraded explicitly)",
            },
            NoSetting,
            c => GuardrailCheck.When(!c.Gcp || c.Cluster.ReleaseChannel is not null,
                c.Gcp
                    ? $"Kubernetes {c.Cluster.KubernetesVersion} on the {c.Cluster.ReleaseChannel} release channel; node auto-upgrade and auto-repair on"
                    : $"Kubernetes {c.Cluster.KubernetesVersion} pinned; managed node groups launch that version's latest EKS-optimised AMI; node upgrades are explicit (EKS has no node auto-upgrade); node auto repair on",
                "the GKE cluster plan has no release channel")),
        new(new GuardrailControl
            {
                Id = "CP-06", Catalogue = 11, Layer = GuardrailLayer.Cluster,
                Title = "No legacy auth: client certificates off, ABAC off, no alpha features, no dashboard",
                Sources = ["KB-GKE 5.8.1", "KB-GKE 5.8.3", "KB-GKE 5.10.1", "KB-GKE 5.10.2"],
                Implementation = "Pulumi: GKE masterAuth.clientCertificateConfig.issueClientCertificate=false, enableLegacyAbac=false, enableKubernetesAlpha=false",
                NotApplicable = [new(Cloud.Aws, "GKE settings; EKS offers no client-certificate issuance, legacy ABAC or alpha-cluster option to turn off, and installs no dashboard")],
            },
            NoSetting,
            _ => GuardrailCheck.Pass("client certificates, legacy ABAC and Kubernetes alpha off; no dashboard add-on")),
        new(new GuardrailControl
            {
                Id = "CP-07", Catalogue = 12, Layer = GuardrailLayer.Cluster,
                Title = "Cluster access through access entries or groups; cluster creator not admin by default",
                Sources = ["KB-EKS 4.1.7", "KB-EKS 5.5.1", "KB-GKE 5.8.2", "EKS-BP iam \"Remove the cluster-admin permissions from the cluster creator principal\""],
                Implementation = "Pulumi: EKS accessConfig{authenticationMode=API, bootstrapClusterCreatorAdminPermissions=false} + AccessEntry/AccessPolicyAssociation for the deploy principal; GKE authenticatorGroupsConfig.securityGroup = cluster.rbacGroup (library: ClusterPlan.RbacGroup)",
                SettingKeys = ["cluster.rbacGroup"],
                TestRelaxationReason = "Google Groups for RBAC needs the organisation's gke-security-groups@<domain> group, which a test project may not have; without it GKE access is granted per Google account through project IAM roles instead of through groups bound by RoleBindings. A test stack holds no cardholder data, and the EKS side is unaffected",
            },
            // GKE only: the group names the organisation's own Google Group, so it has no default and its absence relaxes the control.
            s => s.Cloud == Cloud.Gcp && s.Cluster.RbacGroup is null
                ? [new GuardrailRelaxation("cluster.rbacGroup", null, SettingsValidator.RbacGroupExpected)]
                : [],
            c => c.Gcp
                ? GuardrailCheck.When(c.Cluster.RbacGroup is not null,
                    $"access through Google Groups for RBAC: authenticatorGroupsConfig.securityGroup={c.Cluster.RbacGroup}",
                    "the GKE cluster plan has no RBAC security group (cluster.rbacGroup)")
                : GuardrailCheck.Pass("authentication mode API with explicit access entries; the creator gets no implicit admin: the deploy principal's cluster-admin is its own access entry")),
        new(new GuardrailControl
            {
                Id = "CP-08", Catalogue = 13, Layer = GuardrailLayer.Cluster,
                Title = "Deletion protection on the cluster",
                Sources = ["pulumi-gcp#1394", "aws.eks.Cluster deletionProtection (provider docstring)"],
                Implementation = "library: ClusterPlan.DeletionProtection; Pulumi: Cluster.deletionProtection on both clouds plus the protect resource option",
                SettingKeys = ["cluster.deletionProtection"],
                TestRelaxationReason = "a test stack is destroyed and recreated with `pulumi destroy`/`pulumi up` and holds no data that must outlive it; protection only blocks deletion, it secures nothing at runtime",
            },
            s => Flag("cluster.deletionProtection", s.Cluster.DeletionProtection, required: true),
            c => GuardrailCheck.When(c.Cluster.DeletionProtection,
                "provider deletion protection on, and the cluster resource is protected in Pulumi",
                "the cluster plan has deletion protection off")),

        // ── Nodes ─────────────────────────────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "NODE-01", Catalogue = 14, Layer = GuardrailLayer.Node,
                Title = "IMDSv2 required, hop limit 1",
                Sources = ["EKS-BP iam \"Restrict access to the instance profile assigned to the worker node\""],
                Implementation = "Pulumi: LaunchTemplate.metadataOptions{httpEndpoint=enabled, httpTokens=required, httpPutResponseHopLimit=1} on every node group",
                NotApplicable = [new(Cloud.Gcp, "EC2 instance metadata setting; GKE nodes hide their credentials behind the GKE metadata server (NODE-02)")],
            },
            NoSetting,
            _ => GuardrailCheck.Pass("every node group's launch template requires IMDSv2 tokens with hop limit 1: pods cannot reach the node role")),
        new(new GuardrailControl
            {
                Id = "NODE-02", Catalogue = 15, Layer = GuardrailLayer.Node,
                Title = "GKE metadata server and Workload Identity on the nodes",
                Sources = ["KB-GKE 5.4.1", "KB-GKE 5.2.2"],
                Implementation = "Pulumi: workloadIdentityConfig.workloadPool=<project>.svc.id.goog, nodeConfig.workloadMetadataConfig.mode=GKE_METADATA",
                NotApplicable = [new(Cloud.Aws, "GKE setting; on EKS IMDSv2 with hop limit 1 (NODE-01) keeps pods from the node's credentials and Pod Identity (WI-01) gives them their own")],
            },
            NoSetting,
            c => GuardrailCheck.Pass($"workload pool {c.Settings.Provider.GcpProject}.svc.id.goog; node metadata mode GKE_METADATA")),
        new(new GuardrailControl
            {
                Id = "NODE-03", Catalogue = 16, Layer = GuardrailLayer.Node,
                Title = "Least-privilege node identity (not the default compute service account; ECR read-only)",
                Sources = ["KB-GKE 5.2.1", "KB-EKS 5.1.3", "EKS-BP iam \"Update the aws-node daemonset to use IRSA\""],
                Implementation = "Pulumi: a dedicated GCP node service account with minimal roles and oauthScopes; an EKS node role with only the worker, CNI and ECR read-only policies",
            },
            NoSetting,
            c => GuardrailCheck.Pass(c.Gcp
                ? "nodes run as a dedicated service account with logging/monitoring/artifact-read roles only"
                : "nodes assume a dedicated role with AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly; the CNI uses its own identity")),
        new(new GuardrailControl
            {
                Id = "NODE-04", Catalogue = 17, Layer = GuardrailLayer.Node,
                Title = "Shielded nodes with secure boot and integrity monitoring, COS_CONTAINERD",
                Sources = ["KB-GKE 5.5.1", "KB-GKE 5.5.5-5.5.7"],
                Implementation = "Pulumi: enableShieldedNodes=true, nodeConfig.shieldedInstanceConfig{enableSecureBoot, enableIntegrityMonitoring}, imageType=COS_CONTAINERD",
                NotApplicable = [new(Cloud.Aws, "Shielded VM and Container-Optimized OS are GCE features; EKS managed node groups run the EKS-optimised AMI, which has no equivalent setting in the catalogue")],
            },
            NoSetting,
            _ => GuardrailCheck.Pass("shielded nodes, secure boot and integrity monitoring on; image COS_CONTAINERD")),
        new(new GuardrailControl
            {
                Id = "NODE-05", Catalogue = 18, Layer = GuardrailLayer.Node,
                Title = "Node boot disks encrypted with a customer-managed key",
                Sources = ["KB-GKE 5.9.2"],
                Implementation = "Pulumi: GKE nodeConfig.bootDiskKmsKey; EKS LaunchTemplate.blockDeviceMappings[].ebs{encrypted=true, kmsKeyId}",
            },
            NoSetting,
            c => GuardrailCheck.Pass($"boot disks ({string.Join(", ", c.Cluster.NodePools.Select(p => $"{p.Name} {p.DiskSizeGb} GB"))}) encrypted with the stack's KMS key")),

        // ── Workload identity ─────────────────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "WI-01", Catalogue = 19, Layer = GuardrailLayer.WorkloadIdentity,
                Title = "One cloud role per service, trust scoped to its namespace and ServiceAccount",
                Sources = ["KB-EKS 5.2.1", "KB-GKE 5.2.2", "EKS-BP iam \"Use one IAM role per application\"", "EKS-BP iam \"Scope the IAM Role trust policy…\""],
                Implementation = "plan: one identity per service named oneq-<stack>-<service> (validation rejects a pair over the cloud's name limit). Pulumi (EksPodIdentities / GkeWorkloadIdentities): EKS IAM role trusted only by pods.eks.amazonaws.com + PodIdentityAssociation{namespace, serviceAccount} per service, with the eks-pod-identity-agent add-on; GKE service account per service with roles/iam.workloadIdentityUser only for <project>.svc.id.goog[<ns>/<ksa>] + rendered KSA annotation iam.gke.io/gcp-service-account. No permissions granted: service teams attach their own",
            },
            NoSetting,
            c => GuardrailCheck.Pass(c.Gcp
                ? $"one GCP service account per service through Workload Identity ({WorkloadIdentities.NameOf(c.Settings, "<service>")}@{c.Settings.Provider.GcpProject}.iam.gserviceaccount.com), impersonable only by {WorkloadIdentities.GcpWorkloadPool(c.Settings.Provider.GcpProject ?? "<project>")}[<service>/<service>], KSA annotated: {c.ServiceNames}"
                : $"one IAM role per service through EKS Pod Identity ({WorkloadIdentities.NameOf(c.Settings, "<service>")}), assumable only through a Pod Identity association for <service>/<service>: {c.ServiceNames}")),

        // ── Namespace level (rendered manifests) ──────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "NS-01", Catalogue = 20, Layer = GuardrailLayer.Namespace,
                Title = "Dedicated namespaces; nothing in default",
                Sources = ["KB-EKS 4.5.1", "KB-EKS 4.5.2", "KB-GKE 4.6.1", "KB-GKE 4.6.4"],
                Implementation = "validation: service names are DNS labels and never a system namespace; rendered manifests: every namespaced object carries metadata.namespace from the allowed set",
            },
            NoSetting,
            c => GuardrailCheck.When(c.Settings.Services.All(s => s.Name != "default" && !s.Name.StartsWith("kube-", StringComparison.Ordinal)),
                $"one namespace per service: {c.ServiceNames}; nothing in default",
                "a service takes a system namespace")),
        new(new GuardrailControl
            {
                Id = "NS-02", Catalogue = 21, Layer = GuardrailLayer.Namespace,
                Title = "Pod Security Admission restricted (pinned version, audit and warn) on the service namespaces",
                Sources = ["KB-GKE 4.2.1", "KB-EKS 4.2.1-4.2.5", "PSA", "EKS-BP pods \"Use multiple PSA modes\""],
                Implementation = "rendered manifests: Namespace labels pod-security.kubernetes.io/enforce, enforce-version, audit, warn; Linkerd CNI mode so restricted admits meshed pods (MESH-01)",
                SettingKeys = ["namespaces.podSecurity"],
            },
            // Only a known, weaker level relaxes the control; an unknown word is the validator's error alone (one error per key).
            s => s.Namespaces.PodSecurity is "baseline" or "privileged"
                ? [new GuardrailRelaxation("namespaces.podSecurity", s.Namespaces.PodSecurity, "restricted")]
                : [],
            c => GuardrailCheck.Pass($"PSA enforce/audit/warn=restricted with a pinned version on {c.ServiceNames}")),
        new(new GuardrailControl
            {
                Id = "NS-03", Catalogue = 22, Layer = GuardrailLayer.Namespace,
                Title = "ServiceAccount token automount off (default SA patched; one SA per service)",
                Sources = ["KB-EKS 4.1.5", "KB-EKS 4.1.6", "KB-GKE 4.1.4", "KB-GKE 4.1.5", "EKS-BP iam \"Disable auto-mounting of service account tokens\""],
                Implementation = "rendered manifests: ServiceAccount automountServiceAccountToken=false for default and the per-service ServiceAccount",
            },
            NoSetting,
            c => GuardrailCheck.Pass($"automountServiceAccountToken=false on the default and service ServiceAccounts of {c.ServiceNames}")),
        new(new GuardrailControl
            {
                Id = "NS-04", Catalogue = 23, Layer = GuardrailLayer.Namespace,
                Title = "RBAC least privilege: no wildcards, no cluster-admin bindings, minimal secrets access",
                Sources = ["KB-EKS 4.1.1-4.1.4", "KB-EKS 4.1.8", "KB-GKE 4.1.1-4.1.3", "KB-GKE 4.1.6-4.1.10"],
                Implementation = "rendered manifests: no Role, RoleBinding, ClusterRole or ClusterRoleBinding at all, so the service ServiceAccounts hold no API permissions; the Linkerd and kube-prometheus-stack charts bring their own RBAC",
            },
            NoSetting,
            _ => GuardrailCheck.Pass("the platform renders no RBAC objects: service ServiceAccounts get no permissions, so no wildcard rule, no cluster-admin binding, no secrets access; chart RBAC is upstream's")),
        new(new GuardrailControl
            {
                Id = "NS-05", Catalogue = 24, Layer = GuardrailLayer.Namespace,
                Title = "ResourceQuota and LimitRange in every service namespace",
                Sources = ["EKS-BP pods \"Set requests and limits…\"", "EKS-BP reliability/dataplane.adoc L248-277"],
                Implementation = "rendered manifests: ResourceQuota (namespaces.quota or services[].quota) and LimitRange (namespaces.containerDefaults) per service namespace",
            },
            NoSetting,
            c => GuardrailCheck.Pass(
                $"quota cpu {c.Settings.Namespaces.Quota.Cpu}, memory {c.Settings.Namespaces.Quota.Memory}, {c.Settings.Namespaces.Quota.Pods} pods (unless a service overrides it); " +
                $"container defaults {c.Settings.Namespaces.ContainerDefaults.CpuRequest}/{c.Settings.Namespaces.ContainerDefaults.MemoryRequest} requested, {c.Settings.Namespaces.ContainerDefaults.CpuLimit}/{c.Settings.Namespaces.ContainerDefaults.MemoryLimit} limit")),
        new(new GuardrailControl
            {
                Id = "NS-06", Catalogue = 25, Layer = GuardrailLayer.Namespace,
                Title = "Secrets mounted as files, not environment variables",
                Sources = ["KB-EKS 4.4.1", "KB-EKS 4.4.2", "KB-GKE 4.4.1", "KB-GKE 4.4.2"],
                Implementation = "rendered manifests: the platform renders no workloads (service Deployments are the services' own), so no env.valueFrom.secretKeyRef; exception: the grafana chart reads admin.existingSecret (MON-01) into GF_SECURITY_ADMIN_* environment variables",
            },
            NoSetting,
            _ => GuardrailCheck.Pass("the platform renders no service workloads, so none reads a Secret into an environment variable; Grafana's chart does for its admin credentials (upstream exception)")),

        // ── Mesh / encryption in transit ──────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "MESH-01", Catalogue = 26, Layer = GuardrailLayer.Mesh,
                Title = "All service namespaces meshed (linkerd.io/inject: enabled), Linkerd CNI mode",
                Sources = ["EKS-BP network \"Encryption in transit → Service Mesh\"", "linkerd.io/2/features/server-policy", "linkerd.io/2/features/cni", "linkerd2#10232"],
                Implementation = "rendered manifests: Namespace annotation linkerd.io/inject=enabled; Helm: linkerd-control-plane cniEnabled=true after a linkerd2-cni release in its own privileged namespace",
                SettingKeys = ["mesh.injection"],
            },
            s => Flag("mesh.injection", s.Mesh.Injection, required: true),
            c => GuardrailCheck.Pass($"linkerd.io/inject=enabled on {c.ServiceNames}; Linkerd CNI mode, so restricted namespaces need no linkerd-init")),
        new(new GuardrailControl
            {
                Id = "MESH-02", Catalogue = 26, Layer = GuardrailLayer.Mesh,
                Title = "Linkerd control plane highly available",
                Sources = ["linkerd.io/2/features/server-policy (use HA)"],
                Implementation = "Helm: linkerd-control-plane values-ha.yaml (3 replicas, anti-affinity, PodDisruptionBudgets, webhook failurePolicy Fail)",
                SettingKeys = ["mesh.ha"],
                TestRelaxationReason = "a test stack trades availability for cost: one replica per control-plane component. Encryption, identity and policy (MESH-01, MESH-03) are the same; only behaviour while a node is lost differs",
            },
            s => Flag("mesh.ha", s.Mesh.HighAvailability, required: true),
            c => GuardrailCheck.Pass($"HA values: 3 replicas with anti-affinity over {c.Cluster.NodeZones.Count} zone(s), PodDisruptionBudgets, webhook failurePolicy Fail")),
        new(new GuardrailControl
            {
                Id = "MESH-03", Catalogue = 27, Layer = GuardrailLayer.Mesh,
                Title = "Default inbound policy all-authenticated (or deny), then per-service Server and AuthorizationPolicy",
                Sources = ["linkerd.io/2/reference/authorization-policy", "linkerd2#15615", "linkerd2 PR#6816"],
                Implementation = "rendered manifests: namespace annotation config.linkerd.io/default-inbound-policy; Server, AuthorizationPolicy and MeshTLSAuthentication per callee from the call matrix",
                SettingKeys = ["mesh.defaultInboundPolicy"],
            },
            // Only a known, weaker policy relaxes the control; an unknown word is the validator's error alone (one error per key).
            s => SettingsValidator.InboundPolicies.Contains(s.Mesh.DefaultInboundPolicy) && !StrictInboundPolicies.Contains(s.Mesh.DefaultInboundPolicy)
                ? [new GuardrailRelaxation("mesh.defaultInboundPolicy", s.Mesh.DefaultInboundPolicy, "all-authenticated or deny")]
                : [],
            c => GuardrailCheck.Pass($"default inbound policy {c.Settings.Mesh.DefaultInboundPolicy}; each callee admits only its declared callers' mTLS identities ({c.Settings.Calls.Count} calls)")),
        new(new GuardrailControl
            {
                Id = "MESH-04", Catalogue = 28, Layer = GuardrailLayer.Mesh,
                Title = "NetworkPolicies allow Linkerd traffic (4143 between meshed pods, control plane, 4191 from monitoring)",
                Sources = ["linkerd2#15246"],
                Implementation = "rendered manifests: NetworkPolicy ingress/egress rules for 4143 per declared call, egress to the linkerd namespace, ingress on 4191 from monitoring",
            },
            NoSetting,
            _ => GuardrailCheck.Pass("policies admit 4143 along declared calls, reach the Linkerd control plane, and let monitoring scrape 4191")),
        new(new GuardrailControl
            {
                Id = "MESH-05", Catalogue = 29, Layer = GuardrailLayer.Mesh,
                Title = "Prometheus can scrape the proxies under the restrictive inbound policy",
                Sources = ["linkerd2#10691", "linkerd2#9150", "linkerd2#12634", "linkerd2#14103"],
                Implementation = "rendered manifests: Server on port linkerd-admin + AuthorizationPolicy with a NetworkAuthentication of the pod networks (monitoring is unmeshed), narrowed to monitoring by NetworkPolicy",
            },
            NoSetting,
            c => GuardrailCheck.Pass($"a Server on linkerd-admin (4191) and an AuthorizationPolicy admitting the pod networks in each of {c.ServiceNames}, narrowed to monitoring by the allow-metrics-scrape NetworkPolicy")),
        new(new GuardrailControl
            {
                Id = "MESH-06", Catalogue = 30, Layer = GuardrailLayer.Mesh,
                Title = "Private GKE: firewall rule from the control-plane range to the Linkerd webhook ports",
                Sources = ["linkerd.io/2/reference/cluster-configuration", "beclab/Olares PR#3785"],
                Implementation = "library: NetworkPlan.ControlPlaneCidr, ClusterPlan.LinkerdWebhookPorts; Pulumi: gcp.compute.Firewall{sourceRanges=[controlPlaneCidr], targetTags=[node tag], allows tcp 8089, 8443, 9443}",
                NotApplicable = [new(Cloud.Aws, "the EKS cluster security group lets the control plane reach managed nodes on every port (EKS security group requirements), so the webhooks need no extra rule as long as node groups keep that group")],
            },
            NoSetting,
            c => GuardrailCheck.When(c.Network.ControlPlaneCidr is not null,
                $"firewall from {c.Network.ControlPlaneCidr} to the nodes on tcp {string.Join(", ", ClusterPlan.LinkerdWebhookPorts)}",
                "the GKE network plan has no control-plane range to open the webhook ports from")),
        new(new GuardrailControl
            {
                Id = "MESH-07", Catalogue = 31, Layer = GuardrailLayer.Mesh,
                Title = "TLS on any external load balancer or ingress",
                Sources = ["KB-EKS 5.4.5", "KB-GKE 5.6.7", "PCI 4.2.1"],
                Implementation = "none here: whoever adds the edge must terminate TLS on it",
                NotApplicable = [new(Cloud.Gcp, NotBuiltHere), new(Cloud.Aws, NotBuiltHere)],
            },
            NoSetting,
            _ => GuardrailCheck.Pass(NotBuiltHere)),

        // ── Monitoring ────────────────────────────────────────────────────────────────────────────
        new(new GuardrailControl
            {
                Id = "MON-01", Catalogue = 32, Layer = GuardrailLayer.Monitoring,
                Title = "Grafana admin credentials from a Secret, not the chart default",
                Sources = ["kube-prometheus-stack values (adminUser: admin, admin.existingSecret: \"\")", "PCI 2.2.2"],
                Implementation = "Helm: kube-prometheus-stack grafana.admin.existingSecret naming a generated Secret",
                SettingKeys = ["monitoring.grafanaAdminFromSecret"],
            },
            s => Flag("monitoring.grafanaAdminFromSecret", s.Monitoring.GrafanaAdminFromSecret, required: true),
            _ => GuardrailCheck.Pass("Grafana's admin user and password come from a generated Secret (grafana.admin.existingSecret)")),
        new(new GuardrailControl
            {
                Id = "MON-02", Catalogue = 33, Layer = GuardrailLayer.Monitoring,
                Title = "Prometheus, Grafana and Alertmanager not exposed (ClusterIP)",
                Sources = ["kube-prometheus-stack defaults (type: ClusterIP)", "KS service-type"],
                Implementation = "Helm: kube-prometheus-stack *.service.type=ClusterIP",
            },
            NoSetting,
            _ => GuardrailCheck.Pass("Prometheus, Grafana and Alertmanager services are ClusterIP")),
        new(new GuardrailControl
            {
                Id = "MON-03", Catalogue = 34, Layer = GuardrailLayer.Monitoring,
                Title = "Monitoring namespace Pod Security level set explicitly, with a documented exception",
                Sources = ["kube-prometheus-stack node-exporter values L382-397"],
                Implementation = "rendered manifests: monitoring Namespace labelled enforce=privileged (node-exporter needs hostNetwork, hostPID and a host root mount, which baseline forbids) with audit/warn=restricted; see docs/guardrails.md",
            },
            NoSetting,
            _ => GuardrailCheck.Pass("monitoring is labelled enforce=privileged explicitly for node-exporter (documented exception), audit/warn restricted")),
        new(new GuardrailControl
            {
                Id = "MON-04", Catalogue = 35, Layer = GuardrailLayer.Monitoring,
                Title = "Cloud audit logs, not Prometheus, hold the 12-month records",
                Sources = ["PCI 10.5.1", "kube-prometheus-stack prometheus.prometheusSpec.retention: 10d"],
                Implementation = "library: ClusterPlan.AuditLogRetentionDays (CP-04) vs monitoring.retention; Prometheus holds operational metrics only",
            },
            NoSetting,
            c => GuardrailCheck.When(c.Cluster.AuditLogs && c.Cluster.AuditLogRetentionDays >= MinimumAuditLogRetentionDays,
                $"Prometheus keeps {c.Settings.Monitoring.Retention} of metrics; the 12-month record is the control-plane audit log, kept {c.Cluster.AuditLogRetentionDays} days (CP-04)",
                $"no cloud log holds 12 months: audit logs {(c.Cluster.AuditLogs ? "on" : "off")}, kept {c.Cluster.AuditLogRetentionDays} days")),
    ];

    private static IEnumerable<GuardrailRelaxation> NoSetting(StackSettings settings) => [];

    /// <summary>A boolean setting that keeps the control on only at <paramref name="required"/>.</summary>
    private static IEnumerable<GuardrailRelaxation> Flag(string key, bool actual, bool required) =>
        actual == required ? [] : [new GuardrailRelaxation(key, actual ? "true" : "false", required ? "true" : "false")];

    /// <summary>Any /0 (0.0.0.0/0, or a /0 written with other host bits) opens the endpoint to the whole internet.</summary>
    internal static bool IsWholeInternet(string cidr) => cidr.Trim().EndsWith("/0", StringComparison.Ordinal);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
