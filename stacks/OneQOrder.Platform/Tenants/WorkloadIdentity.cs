using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Tenants;

/// <summary>
/// The one cloud identity of one service (GUARDRAILS #19; EKS-BP iam "Use one IAM role per application"), trusted only
/// by pods running as the service's ServiceAccount in the service's namespace. The platform grants it no permissions:
/// what a service may do in the cloud is the service team's policy to attach to it.
/// </summary>
/// <param name="Tenant">The service whose pods take this identity.</param>
/// <param name="Name">The cloud-side name: the IAM role name (AWS) or the service account id (GCP).</param>
public abstract record WorkloadIdentity(Tenant Tenant, string Name)
{
    /// <summary>The namespace the trust is scoped to.</summary>
    public string Namespace => Tenant.Namespace;

    /// <summary>The Kubernetes ServiceAccount the trust is scoped to.</summary>
    public string ServiceAccount => Tenant.ServiceAccount;

    /// <summary>Annotations the service's ServiceAccount needs for the binding to work; none by default. Derived, so not part of equality.</summary>
    public virtual IReadOnlyDictionary<string, string> ServiceAccountAnnotations => ValueDictionaries.From<string, string>([]);

    /// <summary>
    /// Where the cloud's SDKs fetch this identity's credentials from inside a pod: exactly these addresses and ports
    /// are opened in the service's egress NetworkPolicy (guardrail WI-02). Derived, so not part of equality.
    /// </summary>
    public abstract IReadOnlyList<CredentialEndpoint> CredentialEndpoints { get; }
}

/// <summary>A credential endpoint: a single address (as a /32 or /128 CIDR) and the TCP port the SDKs call.</summary>
/// <param name="Cidr">The address as a one-address CIDR.</param>
/// <param name="Port">The TCP port.</param>
public sealed record CredentialEndpoint(string Cidr, int Port);

/// <summary>
/// AWS: an IAM role EKS Pod Identity hands to the service's pods. The association (cluster, namespace,
/// ServiceAccount → role) is what scopes it; the role's trust names only the Pod Identity service principal, so no
/// annotation is needed on the ServiceAccount (EKS user guide, "Assign an IAM role to a Kubernetes service account").
/// </summary>
/// <param name="Tenant">The service.</param>
/// <param name="RoleName">The IAM role name, at most <see cref="WorkloadIdentities.AwsRoleNameMaxLength"/> characters.</param>
public sealed record AwsPodIdentity(Tenant Tenant, string RoleName) : WorkloadIdentity(Tenant, RoleName)
{
    /// <summary>The service principal of the EKS Pod Identity agent (EKS user guide, "Create IAM role with trust policy required by EKS Pod Identity").</summary>
    public const string TrustedService = "pods.eks.amazonaws.com";

    /// <summary>What the trust policy lets <see cref="TrustedService"/> do: both actions are required by Pod Identity.</summary>
    public static readonly IReadOnlyList<string> TrustActions = ["sts:AssumeRole", "sts:TagSession"];

    /// <summary>
    /// The EKS Pod Identity agent, a DaemonSet on every node: EKS sets <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> to
    /// <c>http://169.254.170.23/v1/credentials</c> in the pods of an associated ServiceAccount, and the agent also
    /// listens on <c>[fd00:ec2::23]</c> (EKS user guide, "Understand how EKS Pod Identity works" and "Set up the
    /// Amazon EKS Pod Identity Agent": "listens on an IPv4 and IPv6 address"). HTTP, so port 80.
    /// </summary>
    public static readonly IReadOnlyList<CredentialEndpoint> PodIdentityAgent =
        [new("169.254.170.23/32", 80), new("fd00:ec2::23/128", 80)];

    /// <inheritdoc />
    public override IReadOnlyList<CredentialEndpoint> CredentialEndpoints => PodIdentityAgent;
}

/// <summary>
/// GCP: a Google service account the service's KSA impersonates through GKE Workload Identity: the account grants
/// <see cref="Role"/> to exactly <see cref="Member"/>, and the KSA carries the <see cref="AnnotationKey"/> annotation
/// (GKE docs, "Authenticate to Google Cloud APIs from GKE workloads", linking KSAs to IAM service accounts).
/// </summary>
/// <param name="Tenant">The service.</param>
/// <param name="AccountId">The service account id, <see cref="WorkloadIdentities.GcpAccountIdMinLength"/>-<see cref="WorkloadIdentities.GcpAccountIdMaxLength"/> characters.</param>
/// <param name="Project">The GCP project (<c>gcp:project</c>) that holds the account and the workload pool.</param>
public sealed record GcpWorkloadIdentity(Tenant Tenant, string AccountId, string Project) : WorkloadIdentity(Tenant, AccountId)
{
    /// <summary>The KSA annotation GKE reads to know which Google service account a KSA acts as.</summary>
    public const string AnnotationKey = "iam.gke.io/gcp-service-account";

    /// <summary>The role that lets a workload-pool member impersonate the account, and nothing else.</summary>
    public const string Role = "roles/iam.workloadIdentityUser";

    /// <summary>The account's email, <c>&lt;id&gt;@&lt;project&gt;.iam.gserviceaccount.com</c>.</summary>
    public string Email => WorkloadIdentities.GcpServiceAccountEmail(AccountId, Project);

    /// <summary>The cluster's workload pool, <c>&lt;project&gt;.svc.id.goog</c> (the one GKE cluster sets it).</summary>
    public string WorkloadPool => WorkloadIdentities.GcpWorkloadPool(Project);

    /// <summary>The only principal granted <see cref="Role"/>: <c>serviceAccount:&lt;pool&gt;[&lt;ns&gt;/&lt;ksa&gt;]</c>.</summary>
    public string Member => $"serviceAccount:{WorkloadPool}[{Namespace}/{ServiceAccount}]";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> ServiceAccountAnnotations =>
        new SortedDictionary<string, string>(StringComparer.Ordinal) { [AnnotationKey] = Email };

    /// <summary>
    /// The GKE metadata server, which answers for the Compute Engine metadata address on Workload Identity node pools
    /// (nodeConfig.workloadMetadataConfig GKE_METADATA). On GKE Dataplane V2 clusters (the platform's
    /// ADVANCED_DATAPATH) a NetworkPolicy must allow egress to 169.254.169.254/32 on port 80 (GKE docs, "Authenticate
    /// to Google Cloud APIs from GKE workloads", network policy note: 169.254.169.252/32 port 988 applies only to
    /// clusters without Dataplane V2).
    /// </summary>
    public static readonly IReadOnlyList<CredentialEndpoint> MetadataServer = [new("169.254.169.254/32", 80)];

    /// <inheritdoc />
    public override IReadOnlyList<CredentialEndpoint> CredentialEndpoints => MetadataServer;
}

/// <summary>
/// Derives each service's cloud identity. The name is <c>oneq-&lt;stack&gt;-&lt;service&gt;</c>: readable in the IAM
/// console, unique per stack and service, and stable (renaming would replace the identity). Rather than truncating
/// or hashing, validation rejects a stack/service pair whose name does not fit the cloud's limit, naming the service key.
/// </summary>
public static class WorkloadIdentities
{
    /// <summary>IAM role names are at most 64 characters (IAM user guide, "IAM object quotas": role name).</summary>
    public const int AwsRoleNameMaxLength = 64;

    /// <summary>GCP service account ids are 6-30 characters, <c>[a-z]([-a-z0-9]*[a-z0-9])</c> (IAM API, projects.serviceAccounts.create accountId).</summary>
    public const int GcpAccountIdMaxLength = 30;

    /// <summary>The shortest GCP service account id; <c>oneq-&lt;stack&gt;-&lt;service&gt;</c> is always longer.</summary>
    public const int GcpAccountIdMinLength = 6;

    /// <summary>
    /// GKE's node service account is <c>oneq-&lt;stack&gt;-nodes</c>; a service called this would take the same
    /// account id, so validation rejects it on GCP.
    /// </summary>
    public const string GcpNodeAccountSuffix = "nodes";

    /// <summary>The identity name of a service: <c>oneq-&lt;stack&gt;-&lt;service&gt;</c>.</summary>
    public static string NameOf(StackSettings settings, string service)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"{NetworkPlanner.NamePrefix(settings)}-{service}";
    }

    /// <summary>A GCP service account's email: <c>&lt;account id&gt;@&lt;project&gt;.iam.gserviceaccount.com</c>, what GKE Workload Identity's <c>iam.gke.io/gcp-service-account</c> annotation names.</summary>
    public static string GcpServiceAccountEmail(string accountId, string project) => $"{accountId}@{project}.iam.gserviceaccount.com";

    /// <summary>The longest identity name the stack's cloud accepts.</summary>
    public static int MaxLength(Cloud cloud) => cloud == Cloud.Aws ? AwsRoleNameMaxLength : GcpAccountIdMaxLength;

    /// <summary>The GKE workload pool of a project.</summary>
    public static string GcpWorkloadPool(string project) => $"{project}.svc.id.goog";

    /// <summary>One identity per tenant, in catalogue order. Validation has checked that every name fits the cloud's limit.</summary>
    public static IReadOnlyList<WorkloadIdentity> Plan(ValidatedSettings validated, TenantCatalogue tenants)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(tenants);
        return tenants.Tenants.Select(t => Identity(validated.Settings, t)).ToValueList();
    }

    private static WorkloadIdentity Identity(StackSettings settings, Tenant tenant)
    {
        var name = NameOf(settings, tenant.Name);
        return settings.Provider switch
        {
            GcpProviderSettings gcp => new GcpWorkloadIdentity(tenant, name, gcp.Project),
            _ => new AwsPodIdentity(tenant, name),
        };
    }
}
