using System.Globalization;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Guardrails;

public static partial class GuardrailCatalogue
{
    /// <summary>The controls the cloud resources implement (network, control plane, nodes, workload identity, cloud audit logs), in catalogue order.</summary>
    private static List<GuardrailRule> CloudRules() =>
    [
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
}
