
namespace OneQOrder.Platform.Settings;

/// <summary>The cloud a stack's network and Kubernetes cluster live in. Everything above the cluster is identical for both.</summary>
public enum Cloud
{
    /// <summary>Google Cloud: one VPC network, GKE.</summary>
    Gcp,

    /// <summary>Amazon Web Services: one VPC, EKS.</summary>
    Aws,
}

/// <summary>
/// How strict the guardrails are. A <see cref="Production"/> stack may not relax any mandatory control;
/// a <see cref="Test"/> stack may relax the few the guardrail catalogue marks as relaxable.
/// </summary>
public enum StackEnvironment
{
    /// <summary>A test stack (the `dev` stack): cheaper, single replicas, destroyable.</summary>
    Test,

    /// <summary>A production stack: every mandatory control on. The default, so a new stack is strict until told otherwise.</summary>
    Production,
}

/// <summary>
/// The typed, immutable settings of one stack: everything read from <c>Pulumi.&lt;stack&gt;.yaml</c>
/// (or from Pulumi's config at deploy time) through the one key mapping in <see cref="Configuration.SettingsReader"/>.
/// Defaults live in <see cref="StackDefaults"/>.
/// </summary>
public sealed record StackSettings
{
    /// <summary>The Pulumi stack name (<c>dev</c>, <c>prod</c>, …).</summary>
    public required string Stack { get; init; }

    /// <summary><c>oneq-order-infra:cloud</c>.</summary>
    public required Cloud Cloud { get; init; }

    /// <summary><c>oneq-order-infra:environment</c>.</summary>
    public required StackEnvironment Environment { get; init; }

    /// <summary>True when <c>environment</c> was not set and <see cref="Environment"/> is the default, production; messages say so.</summary>
    public bool EnvironmentIsDefault { get; init; }

    /// <summary>The provider keys of the chosen cloud (<c>gcp:project</c>, <c>gcp:region</c>, <c>aws:region</c>).</summary>
    public required ProviderSettings Provider { get; init; }

    /// <summary><c>oneq-order-infra:network</c>.</summary>
    public required NetworkSettings Network { get; init; }

    /// <summary><c>oneq-order-infra:cluster</c>.</summary>
    public required ClusterSettings Cluster { get; init; }

    /// <summary><c>oneq-order-infra:mesh</c>.</summary>
    public required MeshSettings Mesh { get; init; }

    /// <summary><c>oneq-order-infra:monitoring</c>.</summary>
    public required MonitoringSettings Monitoring { get; init; }

    /// <summary><c>oneq-order-infra:namespaces</c>: what every service namespace gets unless a service overrides it.</summary>
    public required NamespaceSettings Namespaces { get; init; }

    /// <summary><c>oneq-order-infra:services</c>: the tenant catalogue, in declaration order.</summary>
    public required IReadOnlyList<ServiceSettings> Services { get; init => field = ValueList.From(value); }

    /// <summary><c>oneq-order-infra:calls</c>: the allowed service-to-service calls (caller → callee). Everything else is denied.</summary>
    public required IReadOnlyList<CallSettings> Calls { get; init => field = ValueList.From(value); }

    /// <summary>
    /// <c>oneq-order-infra:ingress</c>: the one public entry (a meshed Gateway API gateway behind one cloud L4 load
    /// balancer). Null when no service is <see cref="ServiceSettings.Public"/>: then nothing is reachable from the internet.
    /// </summary>
    public IngressSettings? Ingress { get; init; }

    /// <summary>True for a production stack.</summary>
    public bool IsProduction => Environment == StackEnvironment.Production;
}

/// <summary>
/// <c>oneq-order-infra:ingress</c>: the shared entry of the public services. One internet-facing L4 load balancer
/// (an NLB through the AWS Load Balancer Controller, or GKE's external passthrough load balancer) in front of one
/// meshed Envoy Gateway; an HTTPS listener per hostname, an HTTPRoute per public service, certificates from ACME
/// DNS-01 through cert-manager and DNS records through external-dns, both with a workload identity.
/// </summary>
public sealed record IngressSettings
{
    /// <summary><c>ingress.domain</c>: the stack's DNS domain; every hostname is this domain or under it.</summary>
    public required string Domain { get; init; }

    /// <summary>
    /// <c>ingress.dnsZone</c>: the DNS zone that serves <see cref="Domain"/>, where ACME DNS-01 challenges and the
    /// hostnames' records are written: a Route 53 hosted zone id (AWS, <c>Z…</c>) or a Cloud DNS managed zone name (GCP).
    /// </summary>
    public required string DnsZone { get; init; }

    /// <summary>
    /// <c>ingress.hostnames</c>: each public service's hostnames, by service name, in declaration order. Every public
    /// service has at least one; a non-public service has none.
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Hostnames { get; init => field = ValueDictionaries.From(value.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)ValueList.From(h.Value), StringComparer.Ordinal)); }

    /// <summary><c>ingress.sourceCidrs</c>: who may reach the load balancer; the whole internet unless narrowed.</summary>
    public required IReadOnlyList<string> SourceCidrs { get; init => field = ValueList.From(value); }

    /// <summary>
    /// <c>ingress.http</c>: what the plain-HTTP listener does: <c>redirect</c> (every request answered with a redirect
    /// to https, the default), <c>off</c> (no port 80 at all) or <c>serve</c> (routes served in plain text; a test
    /// stack only, production refuses it).
    /// </summary>
    public required string Http { get; init; }

    /// <summary><c>ingress.acme</c>: the ACME account cert-manager issues the listeners' certificates with.</summary>
    public required AcmeSettings Acme { get; init; }

    /// <summary><c>ingress.replicas</c>: Envoy replicas behind the load balancer (production: at least 2, spread over zones).</summary>
    public required int Replicas { get; init; }

    /// <summary><c>ingress.limits</c>: request size, timeouts and the per-client rate limit the gateway enforces.</summary>
    public required IngressLimitSettings Limits { get; init; }
}

/// <summary><c>ingress.acme</c>: the ACME (Let's Encrypt) account of the listeners' certificates.</summary>
public sealed record AcmeSettings
{
    /// <summary><c>email</c>: the account's contact, told about expiring certificates and account problems.</summary>
    public required string Email { get; init; }

    /// <summary><c>server</c>: <c>production</c> (browser-trusted) or <c>staging</c> (untrusted, for trying a stack out).</summary>
    public required string Server { get; init; }
}

/// <summary><c>ingress.limits</c>: what one client may ask of the gateway.</summary>
public sealed record IngressLimitSettings
{
    /// <summary><c>requestBodyBytes</c>: the largest request body the gateway accepts (larger ones get 413).</summary>
    public required int RequestBodyBytes { get; init; }

    /// <summary><c>requestTimeoutSeconds</c>: how long one request may take end to end before the gateway answers 504.</summary>
    public required int RequestTimeoutSeconds { get; init; }

    /// <summary><c>requestsPerMinute</c>: requests one client address may make per minute (then 429).</summary>
    public required int RequestsPerMinute { get; init; }
}

/// <summary>
/// The provider keys of the chosen cloud: a <see cref="GcpProviderSettings"/> or an <see cref="AwsProviderSettings"/>,
/// so a key of one cloud (<c>gcp:project</c>) exists only on that cloud's record and is never null there.
/// </summary>
public abstract record ProviderSettings
{
    private protected ProviderSettings()
    {
    }

    /// <summary>The cloud these keys belong to; the same as <see cref="StackSettings.Cloud"/>.</summary>
    public abstract Cloud Cloud { get; }

    /// <summary><c>gcp:region</c> or <c>aws:region</c>, whichever the cloud uses.</summary>
    public required string Region { get; init; }

    /// <summary>
    /// The zone names the stack spreads over: <c>network.zoneNames</c> when set, otherwise the region's first
    /// <see cref="NetworkSettings.Zones"/> zones in <see cref="Clouds.RegionCatalogue"/> (<c>ap-northeast-2a</c>,
    /// <c>europe-west1-b</c>, …).
    /// </summary>
    public required IReadOnlyList<string> ZoneNames { get; init => field = ValueList.From(value); }
}

/// <summary>Google Cloud: <c>gcp:project</c> and <c>gcp:region</c>.</summary>
public sealed record GcpProviderSettings : ProviderSettings
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Gcp;

    /// <summary><c>gcp:project</c>: the project that holds the network, the cluster and the workload identities.</summary>
    public required string Project { get; init; }
}

/// <summary>Amazon Web Services: <c>aws:region</c>.</summary>
public sealed record AwsProviderSettings : ProviderSettings
{
    /// <inheritdoc />
    public override Cloud Cloud => Cloud.Aws;
}

/// <summary><c>oneq-order-infra:network</c>: the one VPC and how it is carved.</summary>
public sealed record NetworkSettings
{
    /// <summary><c>network.cidr</c>: the VPC range (AWS) or the range the GKE subnetwork and its secondary ranges are carved from (GCP).</summary>
    public required string Cidr { get; init; }

    /// <summary><c>network.zones</c>: how many availability zones (AWS) or node zones (GCP).</summary>
    public required int Zones { get; init; }

    /// <summary><c>network.privateSubnetPrefixLength</c>: AWS private (node) subnets; GCP node subnetwork primary range.</summary>
    public required int PrivateSubnetPrefixLength { get; init; }

    /// <summary><c>network.publicSubnetPrefixLength</c>: AWS public subnets (the NAT gateway and load balancers). Unused on GCP.</summary>
    public required int PublicSubnetPrefixLength { get; init; }

    /// <summary><c>network.podPrefixLength</c>: GCP pod secondary range. On AWS pods take VPC CNI addresses from the private subnets.</summary>
    public required int PodPrefixLength { get; init; }

    /// <summary>
    /// <c>network.servicePrefixLength</c>: GCP service secondary range. Unused on AWS: EKS requires the service range to lie
    /// outside the VPC and picks one itself (10.100.0.0/16 or 172.20.0.0/16, EKS docs "serviceIpv4Cidr").
    /// </summary>
    public required int ServicePrefixLength { get; init; }

    /// <summary><c>network.controlPlaneCidr</c>: GKE's control-plane /28 (must not overlap the VPC). Unused on AWS.</summary>
    public required string ControlPlaneCidr { get; init; }

    /// <summary><c>network.flowLogs</c>: VPC / subnetwork flow logs (guardrail NET-03; a test stack may turn them off).</summary>
    public required bool FlowLogs { get; init; }

    /// <summary>
    /// <c>network.zoneNames</c>: the zones to use, by name, or null to take the region's first <see cref="Zones"/>.
    /// Required where an AWS account's zone letters are its own (us-west-1, ap-northeast-1).
    /// </summary>
    public IReadOnlyList<string>? ZoneNames { get; init => field = value is null ? null : ValueList.From(value); }
}

/// <summary><c>oneq-order-infra:cluster</c>: the one Kubernetes cluster.</summary>
public sealed record ClusterSettings
{
    /// <summary><c>cluster.kubernetesVersion</c>: <c>major.minor</c>, e.g. <c>1.33</c>.</summary>
    public required string KubernetesVersion { get; init; }

    /// <summary><c>cluster.releaseChannel</c>: GKE release channel (<c>RAPID</c>, <c>REGULAR</c>, <c>STABLE</c>). Unused on AWS.</summary>
    public required string ReleaseChannel { get; init; }

    /// <summary>
    /// <c>cluster.publicAccessCidrs</c>: who may reach the control-plane endpoint from outside the VPC.
    /// Empty means the endpoint is private only (guardrail CP-01: never a /0).
    /// </summary>
    public required IReadOnlyList<string> PublicAccessCidrs { get; init => field = ValueList.From(value); }

    /// <summary><c>cluster.publicNodeIps</c>: give worker nodes public IPs (relaxes guardrail NET-01, which no stack may relax).</summary>
    public required bool PublicNodeIps { get; init; }

    /// <summary><c>cluster.secretsEncryption</c>: envelope-encrypt Secrets with a customer-managed key (guardrail CP-03).</summary>
    public required bool SecretsEncryption { get; init; }

    /// <summary><c>cluster.auditLogs</c>: control-plane audit logging (guardrail CP-04).</summary>
    public required bool AuditLogs { get; init; }

    /// <summary><c>cluster.auditLogRetentionDays</c>: how long control-plane logs are kept (guardrail CP-04; PCI 10.5.1: at least 365).</summary>
    public required int AuditLogRetentionDays { get; init; }

    /// <summary><c>cluster.deletionProtection</c>: the provider's deletion protection plus Pulumi <c>protect</c> (guardrail CP-08; a test stack may turn it off).</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary><c>cluster.nodePools</c>: at least one pool.</summary>
    public required IReadOnlyList<NodePoolSettings> NodePools { get; init => field = ValueList.From(value); }

    /// <summary>
    /// <c>cluster.rbacGroup</c>: the organisation's <c>gke-security-groups@&lt;domain&gt;</c> Google Group, which turns on
    /// Google Groups for RBAC (GKE <c>authenticatorGroupsConfig.securityGroup</c>, guardrail CP-07). No default: it names
    /// the organisation's own group. Required in a production GKE stack; unused on AWS (EKS uses access entries).
    /// </summary>
    public string? RbacGroup { get; init; }

    /// <summary>
    /// <c>cluster.admins</c>: the principals that administer the cluster, named explicitly rather than derived from
    /// whoever runs <c>pulumi up</c> (a local run by someone else would otherwise replace CI's admin entry, and a preview
    /// by the read-only role would show a replace). AWS: IAM role or user ARNs, each an EKS access entry with
    /// <c>AmazonEKSClusterAdminPolicy</c>. GCP: IAM members (<c>serviceAccount:</c>, <c>user:</c>, <c>group:</c>), each
    /// granted <c>roles/container.admin</c> on the project. At least one.
    /// </summary>
    public IReadOnlyList<string> Admins { get; init => field = ValueList.From(value); } = ValueList.From<string>([]);

    /// <summary>
    /// <c>cluster.previewers</c>: the principals that run <c>pulumi preview --refresh</c> (the CI preview roles): read
    /// access to exactly the kinds the stack manages, Helm's release records and the Grafana admin Secret included,
    /// and nothing else (the rendered <c>oneq-order-infra:preview</c> ClusterRole). Same forms as <see cref="Admins"/>;
    /// on GCP they also get <c>roles/container.clusterViewer</c> (to fetch credentials). May be empty.
    /// </summary>
    public IReadOnlyList<string> Previewers { get; init => field = ValueList.From(value); } = ValueList.From<string>([]);

    /// <summary>
    /// <c>cluster.ciRunner</c> (AWS only): the GitHub repository whose Actions jobs run on AWS CodeBuild-hosted runners
    /// inside the VPC, the only place a private EKS endpoint is reachable from. Null: no runner.
    /// </summary>
    public CiRunnerSettings? CiRunner { get; init; }
}

/// <summary><c>cluster.ciRunner</c>: the CodeBuild-hosted GitHub Actions runner in the private subnets.</summary>
public sealed record CiRunnerSettings
{
    /// <summary><c>repository</c>: the GitHub repository URL, <c>https://github.com/&lt;owner&gt;/&lt;repo&gt;</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>
    /// <c>connectionArn</c>: an AWS CodeConnections connection to GitHub (created and authorized once in the console),
    /// CodeBuild's source credential: no GitHub token is stored anywhere.
    /// </summary>
    public required string ConnectionArn { get; init; }
}

/// <summary>One node pool (GKE) or managed node group (EKS).</summary>
public sealed record NodePoolSettings
{
    /// <summary><c>name</c>: a DNS-1123 label, unique in the stack.</summary>
    public required string Name { get; init; }

    /// <summary><c>machineType</c>: GCE machine type or EC2 instance type.</summary>
    public required string MachineType { get; init; }

    /// <summary><c>minNodes</c>: autoscaler lower bound (per zone on GKE, in total on EKS).</summary>
    public required int MinNodes { get; init; }

    /// <summary><c>maxNodes</c>: autoscaler upper bound.</summary>
    public required int MaxNodes { get; init; }

    /// <summary><c>diskSizeGb</c>: boot disk size.</summary>
    public required int DiskSizeGb { get; init; }
}

/// <summary><c>oneq-order-infra:mesh</c>: Linkerd.</summary>
public sealed record MeshSettings
{
    /// <summary><c>mesh.ha</c>: Linkerd's HA values (3 replicas, anti-affinity, PDBs, webhook failurePolicy Fail) (guardrail MESH-02; a test stack may turn it off).</summary>
    public required bool HighAvailability { get; init; }

    /// <summary><c>mesh.injection</c>: annotate service namespaces <c>linkerd.io/inject: enabled</c> (guardrail MESH-01).</summary>
    public required bool Injection { get; init; }

    /// <summary><c>mesh.defaultInboundPolicy</c>: the namespaces' default inbound policy (guardrail MESH-03: all-authenticated or deny).</summary>
    public required string DefaultInboundPolicy { get; init; }

    /// <summary><c>mesh.proxy</c>: the proxy container's requests and limits.</summary>
    public required ResourceSettings Proxy { get; init; }

    /// <summary><c>mesh.trustAnchorValidityHours</c>: lifetime of the self-signed trust anchor.</summary>
    public required int TrustAnchorValidityHours { get; init; }

    /// <summary><c>mesh.issuerValidityHours</c>: lifetime of the identity issuer signed by the anchor.</summary>
    public required int IssuerValidityHours { get; init; }
}

/// <summary>CPU and memory requests and limits, as Kubernetes quantities.</summary>
public sealed record ResourceSettings
{
    /// <summary><c>cpuRequest</c>.</summary>
    public required string CpuRequest { get; init; }

    /// <summary><c>memoryRequest</c>.</summary>
    public required string MemoryRequest { get; init; }

    /// <summary><c>cpuLimit</c>.</summary>
    public required string CpuLimit { get; init; }

    /// <summary><c>memoryLimit</c>.</summary>
    public required string MemoryLimit { get; init; }
}

/// <summary><c>oneq-order-infra:monitoring</c>: one Prometheus + Grafana.</summary>
public sealed record MonitoringSettings
{
    /// <summary><c>monitoring.retention</c>: Prometheus retention, a Prometheus duration such as <c>15d</c>.</summary>
    public required string Retention { get; init; }

    /// <summary><c>monitoring.storageGi</c>: Prometheus volume size in GiB.</summary>
    public required int StorageGi { get; init; }

    /// <summary><c>monitoring.grafanaAdminFromSecret</c>: Grafana's admin password generated and read from a Secret, never the chart default (guardrail MON-01).</summary>
    public required bool GrafanaAdminFromSecret { get; init; }

    /// <summary>
    /// <c>monitoring.receivers</c>: who Alertmanager notifies, by severity. Empty: every alert goes to the <c>null</c>
    /// receiver (a test stack only; a production stack needs a receiver of critical alerts).
    /// </summary>
    public IReadOnlyList<AlertReceiverSettings> Receivers { get; init => field = ValueList.From(value); } = [];

    /// <summary>
    /// <c>monitoring.runbookUrl</c>: where docs/operations.md is read by whoever gets an alert (e.g. the repository's
    /// web address of that file); every rule's <c>runbook_url</c> is this plus the rule's anchor.
    /// </summary>
    public string RunbookUrl { get; init; } = StackDefaults.RunbookUrl;

    /// <summary>
    /// The members of the secret config key <c>monitoringSecrets</c> that are set, as Pulumi secrets, in the stack
    /// file; null when the source cannot tell (Pulumi's Config decrypts them and cannot list keys, so the program
    /// reads them only as secret Outputs). Never the values: only which receivers have one.
    /// </summary>
    public IReadOnlyList<string>? SecretsSet { get; init => field = value is null ? null : ValueList.From(value); }
}

/// <summary>
/// One Alertmanager receiver of <c>monitoring.receivers</c>. Only the plain parts live here; the secret part (Slack
/// or webhook URL, PagerDuty routing key, SMTP password) is the member of the same name of the secret config key
/// <c>monitoringSecrets</c>, which reaches the cluster only as a Kubernetes Secret (Monitoring.AlertReceiverSecretName).
/// </summary>
public sealed record AlertReceiverSettings
{
    /// <summary><c>name</c>: a DNS-1123 label; the receiver's name and its key in the Secret.</summary>
    public required string Name { get; init; }

    /// <summary><c>type</c>: <c>slack</c>, <c>pagerduty</c>, <c>webhook</c> or <c>email</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>severities</c>: the alert severities routed here (<c>critical</c>, <c>warning</c>, <c>info</c>).</summary>
    public required IReadOnlyList<string> Severities { get; init => field = ValueList.From(value); }

    /// <summary><c>channel</c>: the Slack channel (slack only; the webhook URL, which is secret, names a default).</summary>
    public string? Channel { get; init; }

    /// <summary><c>to</c>: the address alerts are mailed to (email only).</summary>
    public string? To { get; init; }

    /// <summary><c>from</c>: the sender address (email only).</summary>
    public string? From { get; init; }

    /// <summary><c>smarthost</c>: the SMTP server as <c>host:port</c> (email only).</summary>
    public string? Smarthost { get; init; }

    /// <summary><c>username</c>: the SMTP login (email only); the password is the secret part.</summary>
    public string? Username { get; init; }
}

/// <summary>
/// <c>services[].slo</c>: the objectives the service's inbound calls are held to. The burn-rate alerts and dashboards
/// of <c>Monitoring.SloRules</c> read them.
/// </summary>
public sealed record SloSettings
{
    /// <summary><c>availability</c>: the share of inbound requests that must succeed, in percent (e.g. 99.9).</summary>
    public required double Availability { get; init; }

    /// <summary><c>latencyP99Ms</c>: the 99th-percentile inbound latency objective, in milliseconds.</summary>
    public required int LatencyP99Ms { get; init; }
}

/// <summary><c>oneq-order-infra:namespaces</c>: what every service namespace gets.</summary>
public sealed record NamespaceSettings
{
    /// <summary><c>namespaces.defaultDeny</c>: a default-deny NetworkPolicy in every service namespace (guardrail NET-02).</summary>
    public required bool DefaultDeny { get; init; }

    /// <summary><c>namespaces.podSecurity</c>: the Pod Security Admission level enforced (<c>restricted</c>, <c>baseline</c>, <c>privileged</c>); anything but restricted relaxes guardrail NS-02.</summary>
    public required string PodSecurity { get; init; }

    /// <summary><c>namespaces.quota</c>: the ResourceQuota of each service namespace.</summary>
    public required QuotaSettings Quota { get; init; }

    /// <summary><c>namespaces.containerDefaults</c>: the LimitRange defaults for containers that set none.</summary>
    public required ResourceSettings ContainerDefaults { get; init; }
}

/// <summary>A namespace's ResourceQuota.</summary>
public sealed record QuotaSettings
{
    /// <summary><c>cpu</c>: total CPU requests (and limits) the namespace may hold.</summary>
    public required string Cpu { get; init; }

    /// <summary><c>memory</c>: total memory requests (and limits).</summary>
    public required string Memory { get; init; }

    /// <summary><c>pods</c>: how many pods.</summary>
    public required int Pods { get; init; }
}

/// <summary>One service of the tenant catalogue: it gets a namespace of its name and a ServiceAccount of its name (its mesh identity).</summary>
/// <summary>One extra egress destination of a service: <c>{ cidr, port }</c>.</summary>
/// <param name="Cidr">The destination range, e.g. <c>0.0.0.0/0</c> for any public address.</param>
/// <param name="Port">The TCP port, e.g. 443.</param>
public sealed record EgressSettings(string Cidr, int Port);

public sealed record ServiceSettings
{
    /// <summary><c>name</c>: a DNS-1123 label; the namespace, ServiceAccount and mesh identity name.</summary>
    public required string Name { get; init; }

    /// <summary><c>port</c>: the container port callers reach through the mesh.</summary>
    public required int Port { get; init; }

    /// <summary>
    /// <c>public</c>: takes traffic from the internet, through the shared public entry (<see cref="StackSettings.Ingress"/>):
    /// a public service needs hostnames in <c>ingress.hostnames</c>, and a stack with a public service needs the
    /// <c>ingress</c> key. Nothing else reaches a service from outside the cluster.
    /// </summary>
    public required bool Public { get; init; }

    /// <summary><c>quota</c>: overrides <see cref="NamespaceSettings.Quota"/> for this service.</summary>
    public QuotaSettings? Quota { get; init; }

    /// <summary><c>slo</c>: the service's objectives; <see cref="StackDefaults.Slo"/> unless set.</summary>
    public SloSettings Slo { get; init; } = StackDefaults.Slo;

    /// <summary>
    /// <c>egress</c>: destinations outside the cluster the service may open connections to (e.g. a cloud API on
    /// 443), each a CIDR and a TCP port. Empty by default: a service reaches only DNS, the mesh, its callees and its
    /// cloud credential endpoint.
    /// </summary>
    public IReadOnlyList<EgressSettings> Egress { get; init => field = ValueList.From(value); } = [];
}

/// <summary>One allowed call: <c>{ from: caller, to: callee }</c>.</summary>
public sealed record CallSettings(string From, string To)
{
    /// <inheritdoc />
    public override string ToString() => $"{From} -> {To}";
}

/// <summary>The one mapping between <see cref="Cloud"/> and its config spelling (<c>gcp</c>, <c>aws</c>).</summary>
public static class CloudNames
{
    /// <summary>The config spelling of a cloud, as <c>oneq-order-infra:cloud</c>, the plan JSON and stack outputs use it.</summary>
    public static string Of(Cloud cloud) => cloud switch
    {
        Cloud.Gcp => "gcp",
        Cloud.Aws => "aws",
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, null),
    };

    /// <summary>Parses the config spelling; false for anything else.</summary>
    public static bool TryParse(string? text, out Cloud cloud)
    {
        foreach (var candidate in Enum.GetValues<Cloud>())
        {
            if (Of(candidate) == text)
            {
                cloud = candidate;
                return true;
            }
        }

        cloud = default;
        return false;
    }
}
