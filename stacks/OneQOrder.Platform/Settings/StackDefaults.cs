
namespace OneQOrder.Platform.Settings;

/// <summary>
/// Every default in one place. A stack file states only what differs from these. Defaults are the production
/// posture: a key a stack leaves out can never weaken a guardrail.
/// </summary>
public static class StackDefaults
{
    /// <summary>The Pulumi project name; project keys are <c>oneq-order-infra:&lt;key&gt;</c>.</summary>
    public const string Project = "oneq-order-infra";

    public const StackEnvironment Environment = StackEnvironment.Production;

    public const string NetworkCidr = "10.0.0.0/16";
    public const int Zones = 3;
    public const int PrivateSubnetPrefixLength = 20;
    public const int PublicSubnetPrefixLength = 24;
    public const int PodPrefixLength = 17;
    public const int ServicePrefixLength = 20;

    /// <summary>GKE's control-plane range: a /28 outside the VPC range (GKE private cluster requirement).</summary>
    public const string ControlPlaneCidr = "172.16.0.0/28";
    public const bool FlowLogs = true;

    /// <summary>
    /// In standard support on both EKS (to 2027-03-27) and GKE (to 2027-02-28, Google's estimate) on 2026-11-27: see
    /// Clouds/KubernetesVersionCalendar.cs, whose rules warn 90 days ahead and refuse a production stack past the end.
    /// </summary>
    public const string KubernetesVersion = "1.35";
    public const string ReleaseChannel = "REGULAR";
    public const bool PublicNodeIps = false;
    public const bool SecretsEncryption = true;
    public const bool AuditLogs = true;

    /// <summary>PCI DSS 10.5.1: audit log history kept for at least 12 months.</summary>
    public const int AuditLogRetentionDays = 365;
    public const bool DeletionProtection = true;

    // cluster.rbacGroup has no default on purpose: it is the organisation's own gke-security-groups@<domain> group.

    public const string NodePoolName = "general";
    public const int NodePoolMinNodes = 1;
    public const int NodePoolMaxNodes = 3;
    public const int NodePoolDiskSizeGb = 50;

    /// <summary>The default machine type differs only by cloud vocabulary: 4 vCPU / 16 GiB on both.</summary>
    public static string MachineType(Cloud cloud) => cloud switch
    {
        Cloud.Gcp => "e2-standard-4",
        Cloud.Aws => "m6i.xlarge",
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, null),
    };

    public const bool MeshHighAvailability = true;
    public const bool MeshInjection = true;
    /// <summary>
    /// The service namespaces' default inbound policy: <c>deny</c>, so a port no Server declares is closed even to
    /// a declared caller (guardrail MESH-03; a test stack may use all-authenticated).
    /// </summary>
    public const string DefaultInboundPolicy = "deny";

    /// <summary>Trust anchor: 10 years; it is rotated by hand (README). Issuer: 1 year, re-signed by <c>pulumi up</c>.</summary>
    public const int TrustAnchorValidityHours = 87600;
    public const int IssuerValidityHours = 8760;

    public static ResourceSettings Proxy { get; } = new()
    {
        CpuRequest = "100m",
        MemoryRequest = "64Mi",
        CpuLimit = "1",
        MemoryLimit = "256Mi",
    };

    public const string Retention = "15d";
    public const int PrometheusStorageGi = 50;
    public const bool GrafanaAdminFromSecret = true;

    /// <summary>The runbook document, as a path in the repository, until a stack names its web address.</summary>
    public const string RunbookUrl = "docs/operations.md";

    /// <summary>
    /// A service's objectives unless <c>services[].slo</c> says otherwise: 99.9 % of inbound requests succeed (an error
    /// budget of about 43 minutes in 30 days) and 99 % of them answer within 500 ms.
    /// </summary>
    public static SloSettings Slo { get; } = new() { Availability = 99.9, LatencyP99Ms = 500 };

    public const bool DefaultDeny = true;
    public const string PodSecurity = "restricted";

    public static QuotaSettings Quota { get; } = new() { Cpu = "4", Memory = "8Gi", Pods = 50 };

    public static ResourceSettings ContainerDefaults { get; } = new()
    {
        CpuRequest = "100m",
        MemoryRequest = "128Mi",
        CpuLimit = "500m",
        MemoryLimit = "512Mi",
    };

    public const int ServicePort = 8080;

    /// <summary>The five services and who takes internet traffic (DESIGN.md, business traffic flow).</summary>
    public static IReadOnlyList<ServiceSettings> Services { get; } =
    [
        Service("oneq-order", isPublic: true),
        Service("pg", isPublic: false),
        Service("appcard", isPublic: true),
        Service("card", isPublic: false),
        Service("bank", isPublic: false),
    ];

    /// <summary>The allowed calls of the business flow (DESIGN.md). Everything else between the namespaces is denied.</summary>
    public static IReadOnlyList<CallSettings> Calls { get; } =
    [
        new("oneq-order", "pg"), // payment request
        new("pg", "card"),       // card authorization
        new("pg", "appcard"),    // app-card authentication
        new("pg", "bank"),       // account transfer / settlement
        new("appcard", "card"),  // app-card payments are card transactions
        new("card", "bank"),     // settlement, debit-card account debit
    ];

    // ingress.domain, ingress.dnsZone, ingress.hostnames and ingress.acme.email have no default on purpose: they name
    // the organisation's own domain, zone and contact.

    /// <summary><c>ingress.sourceCidrs</c>: a public service is public to the whole internet unless the stack narrows it.</summary>
    public static IReadOnlyList<string> IngressSourceCidrs { get; } = ["0.0.0.0/0"];

    /// <summary><c>ingress.http</c>: port 80 answers every request with a redirect to https, never with content.</summary>
    public const string IngressHttp = "redirect";

    /// <summary><c>ingress.acme.server</c>: browser-trusted certificates.</summary>
    public const string AcmeServer = "production";

    /// <summary>
    /// <c>ingress.replicas</c>: two Envoy replicas in production, so losing a node or a zone (they are spread over the
    /// stack's zones) or rolling an upgrade never leaves the entry with none; one in a test stack, which trades that for cost.
    /// </summary>
    public static int IngressReplicas(StackEnvironment environment) => environment == StackEnvironment.Production ? 2 : 1;

    /// <summary>
    /// <c>ingress.limits</c>. 1 MiB of request body: a payment order or an app-card call is a few KiB of JSON, and
    /// Envoy buffers the whole body in memory before forwarding it (Envoy Gateway BackendTrafficPolicy
    /// <c>requestBuffer</c>), so the limit is also the memory one request may hold; nginx's
    /// <c>client_max_body_size</c> defaults to the same. 30 seconds end to end: far above the services' 500 ms p99
    /// objective (<see cref="Slo"/>), short enough that a stuck backend frees the client. 600 requests a minute (10 a
    /// second) per client address: many times what one person's app makes during a payment, with room for clients
    /// sharing one carrier-grade NAT address, while one abusive address is held to it.
    /// </summary>
    public static IngressLimitSettings IngressLimits { get; } = new()
    {
        RequestBodyBytes = 1024 * 1024,
        RequestTimeoutSeconds = 30,
        RequestsPerMinute = 600,
    };

    private static ServiceSettings Service(string name, bool isPublic) =>
        new() { Name = name, Port = ServicePort, Public = isPublic };
}
