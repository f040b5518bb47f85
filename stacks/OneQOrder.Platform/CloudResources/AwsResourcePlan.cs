using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.CloudResources;

/// <summary>
/// The AWS resources of a stack (<c>AwsNetwork</c>, <c>EksCluster</c> and <c>EksPodIdentities</c> in <c>infra/</c>):
/// the VPC's subnets, default security group and flow log; the EKS cluster, its key, log group, roles, VPC CNI add-on
/// and node groups; one Pod Identity role per service.
/// </summary>
public sealed record AwsResourcePlan : CloudResourcePlan
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Aws;

    public required AwsNetworkSpec Network { get; init; }

    public required EksClusterSpec Cluster { get; init; }

    /// <summary>One IAM role per service, handed to its pods by a Pod Identity association (guardrail WI-01).</summary>
    public required IReadOnlyList<AwsPodIdentity> PodIdentities { get; init => field = ValueList.From(value); }

    /// <summary>Who may assume the service roles: only the EKS Pod Identity agent, which honours the associations.</summary>
    public required AwsTrustSpec PodIdentityTrust { get; init; }

    /// <summary>
    /// The public entry's cloud identities (issue 12): the AWS Load Balancer Controller's, cert-manager's and
    /// external-dns's Pod Identity roles; null when the stack has no <c>ingress</c>.
    /// </summary>
    public AwsEdgeIdentitiesSpec? Edge { get; init; }

    /// <summary>Every KMS key of the stack, by its planned name.</summary>
    public IReadOnlyList<AwsKmsKeySpec> Keys =>
        Network.FlowLog is { } flowLog ? [Cluster.Key, flowLog.Key] : [Cluster.Key];

    /// <inheritdoc />
    public override IReadOnlyList<ProtectedResource> Protection =>
    [
        new($"EKS cluster {Cluster.Name}", Cluster.Protect),
        new("VPC", Network.Protect),
        .. Keys.Select(k => new ProtectedResource($"KMS key {k.Name}", k.Protect)),
    ];

    /// <summary>The planned key called <paramref name="name"/>, or null when the plan has none by that name.</summary>
    public AwsKmsKeySpec? Key(string? name) => Keys.FirstOrDefault(k => k.Name == name);
}

/// <summary>The VPC's resources that carry guardrails; CIDRs, routes and the NAT gateway are in <see cref="NetworkPlan"/>.</summary>
public sealed record AwsNetworkSpec
{
    /// <summary>Pulumi <c>protect</c> on the VPC.</summary>
    public required bool Protect { get; init; }

    /// <summary>Every subnet of the network plan, public and private, in the network plan's order.</summary>
    public required IReadOnlyList<AwsSubnetSpec> Subnets { get; init => field = ValueList.From(value); }

    /// <summary>The VPC's default security group, which the program takes over to strip its rules (guardrail NET-04).</summary>
    public required AwsDefaultSecurityGroupSpec DefaultSecurityGroup { get; init; }

    /// <summary>The VPC flow log (guardrail NET-03); null when <c>network.flowLogs</c> is off (a test stack only).</summary>
    public AwsFlowLogSpec? FlowLog { get; init; }

    /// <summary>The subnet called <paramref name="name"/>, or null when the network has none by that name.</summary>
    public AwsSubnetSpec? Subnet(string name) => Subnets.FirstOrDefault(s => s.Name == name);
}

/// <summary>One subnet.</summary>
/// <param name="Plan">The planned subnet: name, range, zone, role and tags.</param>
/// <param name="MapPublicIpOnLaunch">Whether instances launched here get a public IP implicitly (guardrail NET-01: never).</param>
public sealed record AwsSubnetSpec(SubnetPlan Plan, bool MapPublicIpOnLaunch)
{
    public string Name => Plan.Name;
}

/// <summary>The rules of the VPC's default security group. Declaring the group with no rules strips AWS's defaults.</summary>
public sealed record AwsDefaultSecurityGroupSpec(IReadOnlyList<AwsSecurityGroupRuleSpec> Ingress, IReadOnlyList<AwsSecurityGroupRuleSpec> Egress)
{
    /// <summary>Ingress, compared by value.</summary>
    public IReadOnlyList<AwsSecurityGroupRuleSpec> Ingress { get; init => field = ValueList.From(value); } = ValueList.From(Ingress);

    /// <summary>Egress, compared by value.</summary>
    public IReadOnlyList<AwsSecurityGroupRuleSpec> Egress { get; init => field = ValueList.From(value); } = ValueList.From(Egress);
}

/// <summary>One security group rule.</summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>-1</c> (all).</param>
/// <param name="FromPort">First port.</param>
/// <param name="ToPort">Last port.</param>
/// <param name="CidrBlocks">Sources (ingress) or destinations (egress).</param>
public sealed record AwsSecurityGroupRuleSpec(string Protocol, int FromPort, int ToPort, IReadOnlyList<string> CidrBlocks)
{
    /// <summary>CidrBlocks, compared by value.</summary>
    public IReadOnlyList<string> CidrBlocks { get; init => field = ValueList.From(value); } = ValueList.From(CidrBlocks);
}

/// <summary>A customer-managed KMS key.</summary>
/// <param name="Name">The planned name other specs refer to it by (KMS keys have no name of their own; an alias may give one).</param>
/// <param name="EnableKeyRotation">Yearly automatic rotation of the key material.</param>
/// <param name="DeletionWindowInDays">How long a deleted key can still be recovered.</param>
/// <param name="Protect">Pulumi <c>protect</c>: data encrypted with a deleted key is lost.</param>
public sealed record AwsKmsKeySpec(string Name, bool EnableKeyRotation, int DeletionWindowInDays, bool Protect);

/// <summary>A CloudWatch Logs log group, pre-created so its retention and encryption are the plan's.</summary>
/// <param name="Name">The log group name.</param>
/// <param name="RetentionInDays">How long events are kept.</param>
/// <param name="KmsKey">The planned key (<see cref="AwsKmsKeySpec.Name"/>) that encrypts it; null: CloudWatch's own encryption only.</param>
public sealed record AwsLogGroupSpec(string Name, int RetentionInDays, string? KmsKey);

/// <summary>The VPC flow log, its log group and the key that encrypts it.</summary>
/// <param name="TrafficType"><c>ALL</c>, <c>ACCEPT</c> or <c>REJECT</c>.</param>
/// <param name="MaxAggregationInterval">Seconds over which flows are aggregated into a record (60 or 600).</param>
/// <param name="LogGroup">Where the records go.</param>
/// <param name="Key">The key of the log group.</param>
public sealed record AwsFlowLogSpec(string TrafficType, int MaxAggregationInterval, AwsLogGroupSpec LogGroup, AwsKmsKeySpec Key);

/// <summary>A role's trust policy: the one AWS service principal that may assume it, and the actions it may call.</summary>
public sealed record AwsTrustSpec(string Service, IReadOnlyList<string> Actions)
{
    /// <summary>Actions, compared by value.</summary>
    public IReadOnlyList<string> Actions { get; init => field = ValueList.From(value); } = ValueList.From(Actions);
}

/// <summary>A role one AWS service assumes, with the AWS managed policies attached to it.</summary>
/// <param name="Trust">Who may assume it.</param>
/// <param name="ManagedPolicies">AWS managed policy names (<c>arn:aws:iam::aws:policy/&lt;name&gt;</c>).</param>
public sealed record AwsServiceRoleSpec(AwsTrustSpec Trust, IReadOnlyList<string> ManagedPolicies)
{
    /// <summary>ManagedPolicies, compared by value.</summary>
    public IReadOnlyList<string> ManagedPolicies { get; init => field = ValueList.From(value); } = ValueList.From(ManagedPolicies);
}

/// <summary>The EKS cluster and what it owns.</summary>
public sealed record EksClusterSpec
{
    public required string Name { get; init; }

    /// <summary><c>Cluster.version</c>: the pinned minor version.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary>
    /// <c>upgradePolicy.supportType</c>: <c>STANDARD</c>, so the cluster never enters extended support (billed at
    /// $0.60 instead of $0.10 per cluster hour) silently: EKS upgrades it at the end of standard support instead. The
    /// EKS default, for new and existing clusters alike, is <c>EXTENDED</c> ("Amazon EKS extended support FAQs",
    /// https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html; "Cluster upgrade policy",
    /// view-upgrade-policy.html), so it is set explicitly. Validation refuses a production version past standard
    /// support before it gets that far (Clouds/KubernetesVersionCalendar.cs).
    /// </summary>
    public required string UpgradePolicySupportType { get; init; }

    /// <summary>The subnets (planned names) the control plane places its network interfaces in.</summary>
    public required IReadOnlyList<string> Subnets { get; init => field = ValueList.From(value); }

    /// <summary><c>vpcConfig.endpointPrivateAccess</c>.</summary>
    public required bool EndpointPrivateAccess { get; init; }

    /// <summary><c>vpcConfig.endpointPublicAccess</c>.</summary>
    public required bool EndpointPublicAccess { get; init; }

    /// <summary><c>vpcConfig.publicAccessCidrs</c>; empty leaves it unset, which EKS reads as 0.0.0.0/0 when the public endpoint is on.</summary>
    public required IReadOnlyList<string> PublicAccessCidrs { get; init => field = ValueList.From(value); }

    /// <summary><c>enabledClusterLogTypes</c>; empty sends no control-plane logs.</summary>
    public required IReadOnlyList<string> EnabledClusterLogTypes { get; init => field = ValueList.From(value); }

    /// <summary>Where EKS writes the control-plane logs: it always uses <c>/aws/eks/&lt;cluster&gt;/cluster</c>.</summary>
    public required AwsLogGroupSpec ControlPlaneLogGroup { get; init; }

    /// <summary><c>encryptionConfig</c>; null when <c>cluster.secretsEncryption</c> is off.</summary>
    public EksEncryptionSpec? SecretsEncryption { get; init; }

    /// <summary><c>accessConfig</c>.</summary>
    public required EksAccessConfigSpec AccessConfig { get; init; }

    /// <summary>
    /// The access entries, from <c>cluster.admins</c> and <c>cluster.previewers</c> only: never the caller of
    /// <c>pulumi up</c>, so a run by another identity changes nothing and a preview shows no replace.
    /// </summary>
    public IReadOnlyList<EksAccessEntrySpec> AccessEntries { get; init => field = ValueList.From(value); } = ValueList.From<EksAccessEntrySpec>([]);

    /// <summary>The CodeBuild-hosted GitHub Actions runner in the private subnets (<c>cluster.ciRunner</c>), or null.</summary>
    public CodeBuildRunnerSpec? CiRunner { get; init; }

    /// <summary>The provider's <c>deletionProtection</c>.</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>Pulumi <c>protect</c> on the cluster.</summary>
    public required bool Protect { get; init; }

    /// <summary>The cluster's key: Secrets, control-plane logs and node volumes.</summary>
    public required AwsKmsKeySpec Key { get; init; }

    /// <summary>The key's alias, <c>alias/&lt;cluster&gt;-eks</c>.</summary>
    public required string KeyAlias { get; init; }

    /// <summary>The role the EKS service assumes.</summary>
    public required AwsServiceRoleSpec ClusterRole { get; init; }

    /// <summary>The role every node assumes (guardrail NODE-03).</summary>
    public required AwsServiceRoleSpec NodeRole { get; init; }

    /// <summary>The <c>vpc-cni</c> add-on.</summary>
    public required EksVpcCniSpec VpcCni { get; init; }

    /// <summary>One managed node group per planned node pool.</summary>
    public required IReadOnlyList<EksNodeGroupSpec> NodeGroups { get; init => field = ValueList.From(value); }

    /// <summary>The <c>aws-ebs-csi-driver</c> add-on: EKS provisions no volume without it.</summary>
    public required EksEbsCsiDriverSpec EbsCsiDriver { get; init; }

    /// <summary>Cluster Autoscaler's Pod Identity role: it resizes the node groups between their bounds.</summary>
    public required EksAddonIdentitySpec ClusterAutoscaler { get; init; }
}

/// <summary>A condition of an IAM policy statement (<c>aws.iam.getPolicyDocument</c> <c>condition</c>).</summary>
/// <param name="Test">The operator, e.g. <c>StringEquals</c> or <c>Bool</c>.</param>
/// <param name="Variable">The context key, e.g. <c>aws:ResourceTag/k8s.io/cluster-autoscaler/oneq-prod</c>.</param>
/// <param name="Values">The values it must have.</param>
public sealed record AwsConditionSpec(string Test, string Variable, IReadOnlyList<string> Values)
{
    /// <summary>Values, compared by value.</summary>
    public IReadOnlyList<string> Values { get; init => field = ValueList.From(value); } = ValueList.From(Values);
}

/// <summary>One statement of an inline IAM policy.</summary>
/// <param name="Sid">The statement id.</param>
/// <param name="Actions">The allowed actions.</param>
/// <param name="KmsKey">
/// The planned key (<see cref="AwsKmsKeySpec.Name"/>) the statement is scoped to; null: the <see cref="Resources"/>,
/// or every resource (<c>*</c>) when there are none.
/// </param>
/// <param name="Conditions">What must hold for the statement to apply.</param>
public sealed record AwsPolicyStatementSpec(string Sid, IReadOnlyList<string> Actions, string? KmsKey, IReadOnlyList<AwsConditionSpec> Conditions)
{
    /// <summary>Actions, compared by value.</summary>
    public IReadOnlyList<string> Actions { get; init => field = ValueList.From(value); } = ValueList.From(Actions);

    /// <summary>Conditions, compared by value.</summary>
    public IReadOnlyList<AwsConditionSpec> Conditions { get; init => field = ValueList.From(value); } = ValueList.From(Conditions);

    /// <summary>
    /// The resource ARNs the statement is scoped to when it names no <see cref="KmsKey"/>; empty: every resource
    /// (<c>*</c>), which only actions without resource-level permissions (describe and list calls) should need.
    /// </summary>
    public IReadOnlyList<AwsArnSpec> Resources { get; init => field = ValueList.From(value); } = ValueList.From<AwsArnSpec>([]);

    /// <summary>True when the statement applies to every resource: no key and no ARN.</summary>
    public bool OnEveryResource => KmsKey is null && Resources.Count == 0;
}

/// <summary>Where an ARN is scoped: the partition only (global services), the account, or the account and region.</summary>
public enum AwsArnScope
{
    /// <summary><c>arn:&lt;partition&gt;:&lt;service&gt;:::&lt;resource&gt;</c>, e.g. Route 53's hosted zones and changes.</summary>
    Global,

    /// <summary><c>arn:&lt;partition&gt;:&lt;service&gt;::&lt;account&gt;:&lt;resource&gt;</c>, e.g. IAM roles.</summary>
    Account,

    /// <summary><c>arn:&lt;partition&gt;:&lt;service&gt;:&lt;region&gt;:&lt;account&gt;:&lt;resource&gt;</c>, e.g. EC2 and ELB resources.</summary>
    Regional,
}

/// <summary>
/// A resource ARN of a policy statement, planned without the partition and account, which the program reads from the
/// caller's identity at deploy time (<see cref="Format"/>), so a statement is never wider than the stack's own region
/// and account.
/// </summary>
/// <param name="Service">The ARN's service, e.g. <c>elasticloadbalancing</c>.</param>
/// <param name="Scope">Whether the ARN carries the region and account.</param>
/// <param name="Resource">The resource part, e.g. <c>loadbalancer/net/*/*</c> or <c>hostedzone/Z123</c>.</param>
public sealed record AwsArnSpec(string Service, AwsArnScope Scope, string Resource)
{
    /// <summary>The ARN in <paramref name="partition"/>, <paramref name="region"/> and <paramref name="account"/>.</summary>
    public string Format(string partition, string region, string account) => Scope switch
    {
        AwsArnScope.Global => $"arn:{partition}:{Service}:::{Resource}",
        AwsArnScope.Account => $"arn:{partition}:{Service}::{account}:{Resource}",
        _ => $"arn:{partition}:{Service}:{region}:{account}:{Resource}",
    };
}

/// <summary>A cluster component's own cloud identity: a role handed to one ServiceAccount by a Pod Identity association.</summary>
/// <param name="Namespace">The ServiceAccount's namespace.</param>
/// <param name="ServiceAccount">The ServiceAccount the association names.</param>
/// <param name="Role">Who may assume the role (the Pod Identity service) and its AWS managed policies.</param>
/// <param name="InlinePolicy">The statements of the role's inline policy; empty: none.</param>
public sealed record EksAddonIdentitySpec(string Namespace, string ServiceAccount, AwsServiceRoleSpec Role, IReadOnlyList<AwsPolicyStatementSpec> InlinePolicy)
{
    /// <summary>InlinePolicy, compared by value.</summary>
    public IReadOnlyList<AwsPolicyStatementSpec> InlinePolicy { get; init => field = ValueList.From(value); } = ValueList.From(InlinePolicy);
}

/// <summary>The <c>aws-ebs-csi-driver</c> managed add-on and its controller's identity.</summary>
/// <param name="AddonName">The EKS add-on name.</param>
/// <param name="Identity">The controller's role: AmazonEBSCSIDriverPolicy plus grants on the key its volumes are encrypted with.</param>
public sealed record EksEbsCsiDriverSpec(string AddonName, EksAddonIdentitySpec Identity);

/// <summary><c>encryptionConfig</c>: which resources EKS envelope-encrypts, with which planned key.</summary>
public sealed record EksEncryptionSpec(IReadOnlyList<string> Resources, string KmsKey)
{
    /// <summary>Resources, compared by value.</summary>
    public IReadOnlyList<string> Resources { get; init => field = ValueList.From(value); } = ValueList.From(Resources);
}

/// <summary>
/// The CodeBuild-hosted GitHub Actions runner (AWS CodeBuild docs, "Self-managed GitHub Actions runners in AWS
/// CodeBuild"): a project whose builds run in the private subnets, started by a webhook on GitHub's
/// <c>WORKFLOW_JOB_QUEUED</c> event for jobs whose <c>runs-on</c> is <c>codebuild-&lt;project&gt;-&lt;run id&gt;-&lt;attempt&gt;</c>.
/// </summary>
/// <param name="ProjectName">The CodeBuild project name; the workflow's runner label is derived from it.</param>
/// <param name="Repository">The GitHub repository URL (the project's source location).</param>
/// <param name="ConnectionArn">The CodeConnections connection, CodeBuild's <c>CODECONNECTIONS</c> source credential.</param>
/// <param name="Subnets">The private subnets (planned names) the builds run in: they reach the private endpoint, and GitHub through the NAT.</param>
/// <param name="ComputeType">The build host size.</param>
/// <param name="Image">The CodeBuild managed image (the runner agent is installed by CodeBuild).</param>
/// <param name="WebhookEvent">The webhook filter: GitHub's workflow-job-queued event.</param>
/// <param name="Role">The service role's trust.</param>
public sealed record CodeBuildRunnerSpec(
    string ProjectName,
    string Repository,
    string ConnectionArn,
    IReadOnlyList<string> Subnets,
    string ComputeType,
    string Image,
    string WebhookEvent,
    AwsTrustSpec Role)
{
    /// <summary>Subnets, compared by value.</summary>
    public IReadOnlyList<string> Subnets { get; init => field = ValueList.From(value); } = ValueList.From(Subnets);

    /// <summary>The runner label prefix a job's <c>runs-on</c> starts with (then <c>-&lt;run id&gt;-&lt;attempt&gt;</c>).</summary>
    public string LabelPrefix => $"codebuild-{ProjectName}";
}

/// <summary>One EKS access entry (<c>aws:eks/accessEntry:AccessEntry</c>, type STANDARD) and its policy, if any.</summary>
/// <param name="Name">The resource name suffix, unique in the stack (<c>admin-0</c>, <c>preview-0</c>).</param>
/// <param name="PrincipalArn">The IAM role or user ARN.</param>
/// <param name="KubernetesGroups">RBAC groups the principal is mapped into (the preview ClusterRoleBinding's subject).</param>
/// <param name="PolicyArn">An EKS access policy associated cluster-wide, or null (RBAC alone decides, as for previews).</param>
public sealed record EksAccessEntrySpec(string Name, string PrincipalArn, IReadOnlyList<string> KubernetesGroups, string? PolicyArn)
{
    /// <summary>KubernetesGroups, compared by value.</summary>
    public IReadOnlyList<string> KubernetesGroups { get; init => field = ValueList.From(value); } = ValueList.From(KubernetesGroups);
}

/// <summary><c>accessConfig</c>.</summary>
/// <param name="AuthenticationMode"><c>API</c> (access entries only), <c>API_AND_CONFIG_MAP</c> or <c>CONFIG_MAP</c>.</param>
/// <param name="BootstrapClusterCreatorAdminPermissions">Whether the identity that creates the cluster becomes cluster-admin implicitly.</param>
public sealed record EksAccessConfigSpec(string AuthenticationMode, bool BootstrapClusterCreatorAdminPermissions);

/// <summary>The <c>vpc-cni</c> managed add-on.</summary>
/// <param name="EnableNetworkPolicy">The add-on's <c>enableNetworkPolicy</c> configuration value: its network policy agent enforces NetworkPolicies.</param>
/// <param name="ServiceAccount">The CNI's ServiceAccount in <c>kube-system</c>, which gets <paramref name="Role"/> through Pod Identity.</param>
/// <param name="Role">The CNI's own role, so its permissions are not every pod's on the node.</param>
public sealed record EksVpcCniSpec(bool EnableNetworkPolicy, string ServiceAccount, AwsServiceRoleSpec Role);

/// <summary>One managed node group and its launch template.</summary>
public sealed record EksNodeGroupSpec
{
    /// <summary>The planned pool: name, instance type, scaling bounds, disk size.</summary>
    public required NodePoolPlan Pool { get; init; }

    public string Name => Pool.Name;

    /// <summary>The subnets (planned names) the nodes are launched in.</summary>
    public required IReadOnlyList<string> Subnets { get; init => field = ValueList.From(value); }

    /// <summary>The EKS-optimised AMI family; it fixes the root device name of <see cref="Ec2LaunchTemplateSpec.RootVolume"/>.</summary>
    public required string AmiType { get; init; }

    public required Ec2LaunchTemplateSpec LaunchTemplate { get; init; }

    /// <summary><c>remoteAccess</c>: SSH to the nodes; null leaves the block out, so no key and no SSH security group.</summary>
    public EksRemoteAccessSpec? RemoteAccess { get; init; }

    /// <summary><c>nodeRepairConfig.enabled</c>: EKS replaces nodes reported unhealthy.</summary>
    public required bool NodeRepair { get; init; }

    /// <summary>The node group's tags, among them Cluster Autoscaler's auto-discovery tags.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init => field = ValueDictionaries.From(value); }
}

/// <summary>A node group's <c>remoteAccess</c> block.</summary>
/// <param name="Ec2SshKey">The EC2 key pair nodes accept for SSH.</param>
public sealed record EksRemoteAccessSpec(string Ec2SshKey);

/// <summary>The launch template of a node group.</summary>
/// <param name="MetadataOptions">The instance metadata service options.</param>
/// <param name="RootVolume">The root EBS volume.</param>
/// <param name="AssociatePublicIpAddress">
/// Null: the template has no network interface block, so instances take their subnet's <c>mapPublicIpOnLaunch</c>.
/// A value adds an interface block that asks for (or refuses) a public address whatever the subnet says.
/// </param>
public sealed record Ec2LaunchTemplateSpec(Ec2MetadataOptionsSpec MetadataOptions, EbsVolumeSpec RootVolume, bool? AssociatePublicIpAddress);

/// <summary><c>metadataOptions</c>.</summary>
/// <param name="HttpEndpoint"><c>enabled</c> or <c>disabled</c>.</param>
/// <param name="HttpTokens"><c>required</c> (IMDSv2 only) or <c>optional</c>.</param>
/// <param name="HttpPutResponseHopLimit">IP hops a metadata response survives: 1 keeps it on the node, away from pods.</param>
public sealed record Ec2MetadataOptionsSpec(string HttpEndpoint, string HttpTokens, int HttpPutResponseHopLimit);

/// <summary>An EBS volume of a launch template.</summary>
/// <param name="DeviceName">The device it maps; the root device of the AMI, or it is not the root volume.</param>
/// <param name="SizeGb">Size in GiB.</param>
/// <param name="Encrypted">EBS encryption.</param>
/// <param name="KmsKey">The planned key that encrypts it; null: the account's default EBS key.</param>
public sealed record EbsVolumeSpec(string DeviceName, int SizeGb, bool Encrypted, string? KmsKey);

/// <summary>
/// The Pod Identity roles of the public entry's in-cluster components (issue 12), each handed to one ServiceAccount
/// like Cluster Autoscaler's (<see cref="EksClusterSpec.ClusterAutoscaler"/>).
/// </summary>
/// <param name="LoadBalancerController">The AWS Load Balancer Controller's: NLBs with IP targets for Services of type LoadBalancer, only this cluster's.</param>
/// <param name="CertManager">cert-manager's: ACME DNS-01 TXT records in the hosted zone only.</param>
/// <param name="ExternalDns">external-dns's: the hostnames' records in the hosted zone only.</param>
/// <param name="HostedZoneId">The Route 53 hosted zone (<c>ingress.dnsZone</c>) both DNS identities are scoped to.</param>
public sealed record AwsEdgeIdentitiesSpec(EksAddonIdentitySpec LoadBalancerController, EksAddonIdentitySpec CertManager, EksAddonIdentitySpec ExternalDns, string HostedZoneId)
{
    /// <summary>The three identities with the resource name suffix each is created under, in install order.</summary>
    public IReadOnlyList<(string Name, EksAddonIdentitySpec Identity)> All =>
    [
        ("aws-load-balancer-controller", LoadBalancerController),
        ("cert-manager", CertManager),
        ("external-dns", ExternalDns),
    ];
}
