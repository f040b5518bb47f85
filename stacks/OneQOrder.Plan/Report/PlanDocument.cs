using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Rendering;

namespace OneQOrder.Plan.Report;

// The `plan --format json` document and the source of the text report: both print these records, so they cannot
// disagree. The shape is a contract (docs/plan-command.md): properties serialise camelCase in declaration order,
// every property is always present (null where it does not apply to the cloud), lists keep plan order.
// A breaking change bumps PlanDocument.CurrentFormatVersion.

/// <summary>Everything <c>plan &lt;stack&gt;</c> reports about one stack.</summary>
public sealed record PlanDocument
{
    /// <summary>The version of this document's shape; bumped on any breaking change.</summary>
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string Stack { get; init; }

    /// <summary><c>test</c> or <c>production</c>.</summary>
    public required string Environment { get; init; }

    /// <summary><c>gcp</c> or <c>aws</c>.</summary>
    public required string Cloud { get; init; }

    public required string Region { get; init; }

    /// <summary>The GCP project id; null on AWS.</summary>
    public required string? GcpProject { get; init; }

    public required IReadOnlyList<string> Zones { get; init; }

    public required NetworkDocument Network { get; init; }

    public required ClusterDocument Cluster { get; init; }

    /// <summary>What the cluster needs before workloads keep data or grow: storage, node scaling, their add-ons.</summary>
    public required AddonsDocument Addons { get; init; }

    public required MeshDocument Mesh { get; init; }

    public required MonitoringDocument Monitoring { get; init; }

    /// <summary>The one public entry (load balancer, gateway, routes, certificates, DNS); null when the stack has no ingress.</summary>
    public required PublicEntryDocument? PublicEntry { get; init; }

    /// <summary>One per service, in declaration order.</summary>
    public required IReadOnlyList<NamespaceDocument> Namespaces { get; init; }

    /// <summary>The allowed calls, in declaration order; everything else between the namespaces is denied.</summary>
    public required IReadOnlyList<CallDocument> Calls { get; init; }

    /// <summary>Every guardrail control evaluated for the stack, in catalogue order, with counts per status.</summary>
    public required GuardrailsDocument Guardrails { get; init; }

    /// <summary>
    /// The monthly estimate at list prices (docs/plan-command.md, "Cost"). A contract the pull-request comment reads:
    /// field names and number types do not change without a format version bump.
    /// </summary>
    public required CostDocument Cost { get; init; }

    /// <summary>Whether the platform's pods fit each node pool at its minimum node count (docs/plan-command.md, "Fit").</summary>
    public required IReadOnlyList<FitDocument> Fit { get; init; }
}

/// <summary>The monthly estimate: every item, totals at minimum and maximum nodes, and the replaced design.</summary>
public sealed record CostDocument
{
    /// <summary>Always <c>USD</c>.</summary>
    public required string Currency { get; init; }

    /// <summary>The price catalogue's date, <c>yyyy-MM-dd</c>.</summary>
    public required string PricedOn { get; init; }

    /// <summary>Every item in plan order; an item without a price has null prices and a <c>no price: …</c> source.</summary>
    public required IReadOnlyList<CostItem> Items { get; init; }

    /// <summary>USD a month with every pool at its minimum (priced items only).</summary>
    public required decimal MonthlyAtMinimum { get; init; }

    /// <summary>USD a month with every pool at its maximum (priced items only).</summary>
    public required decimal MonthlyAtMaximum { get; init; }

    /// <summary>The replaced design (5 NAT gateways, 5 load balancers, 8 × 2 vCPU / 4 GiB) in the same region, USD a month.</summary>
    public required decimal ReplacedDesignMonthly { get; init; }

    /// <summary><see cref="MonthlyAtMinimum"/> / <see cref="ReplacedDesignMonthly"/>, three decimals; null only when the region has no price for the replaced design.</summary>
    public required decimal? RatioToReplaced { get; init; }
}

/// <summary>The fit check of one node pool at its minimum node count.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="MachineType">Its machine type.</param>
/// <param name="Nodes">The node count checked.</param>
/// <param name="AllocatableCpuMillis">One node's allocatable CPU; null when the type's shape is not catalogued.</param>
/// <param name="AllocatableMemoryMiB">One node's allocatable memory; null likewise.</param>
/// <param name="RequestedCpuMillis">CPU all pods request.</param>
/// <param name="RequestedMemoryMiB">Memory all pods request.</param>
/// <param name="Pods">Pods in all.</param>
/// <param name="Fits">Every pod was placed.</param>
/// <param name="Unplaced">The pods that found no node.</param>
public sealed record FitDocument(
    string Pool,
    string MachineType,
    int Nodes,
    int? AllocatableCpuMillis,
    int? AllocatableMemoryMiB,
    int RequestedCpuMillis,
    int RequestedMemoryMiB,
    int Pods,
    bool Fits,
    IReadOnlyList<string> Unplaced);

/// <summary>The one VPC (AWS) or VPC network (GCP).</summary>
public sealed record NetworkDocument
{
    public required string Name { get; init; }

    public required string Cidr { get; init; }

    public required bool FlowLogs { get; init; }

    /// <summary>AWS: public subnets then private subnets, each in zone order. GCP: the one node subnetwork.</summary>
    public required IReadOnlyList<SubnetDocument> Subnets { get; init; }

    /// <summary>GCP: the pod and service secondary ranges of the node subnetwork; empty on AWS.</summary>
    public required IReadOnlyList<RangeDocument> SecondaryRanges { get; init; }

    /// <summary>Exactly one by design: an AWS NAT gateway or a GCP Cloud NAT.</summary>
    public required IReadOnlyList<NatGatewayDocument> NatGateways { get; init; }

    /// <summary>AWS route tables; empty on GCP.</summary>
    public required IReadOnlyList<RouteTableDocument> RouteTables { get; init; }

    /// <summary>GCP: the Cloud Router carrying the Cloud NAT; null on AWS.</summary>
    public required string? Router { get; init; }

    /// <summary>GKE: the private control plane's /28; null on AWS.</summary>
    public required string? ControlPlaneCidr { get; init; }
}

/// <summary>A subnet or subnetwork.</summary>
/// <param name="Name">Resource name.</param>
/// <param name="Cidr">Primary range.</param>
/// <param name="Zone">Availability zone (AWS) or region (GCP subnetworks are regional).</param>
/// <param name="Role"><c>public</c>, <c>private</c> (AWS) or <c>nodes</c> (GCP).</param>
/// <param name="Tags">Tags by key, sorted ordinally (the EKS load-balancer discovery tags on AWS).</param>
public sealed record SubnetDocument(string Name, string Cidr, string Zone, string Role, IReadOnlyDictionary<string, string> Tags);

/// <summary>A named range (GKE secondary range).</summary>
public sealed record RangeDocument(string Name, string Cidr);

/// <summary>The NAT and the subnet that holds it (AWS) or that it serves (GCP).</summary>
public sealed record NatGatewayDocument(string Name, string Subnet);

/// <summary>An AWS route table: where <c>0.0.0.0/0</c> goes and which subnets use it.</summary>
public sealed record RouteTableDocument(string Name, string DefaultRoute, IReadOnlyList<string> Subnets);

/// <summary>The one Kubernetes cluster.</summary>
public sealed record ClusterDocument
{
    public required string Name { get; init; }

    /// <summary><c>GKE</c> or <c>EKS</c>.</summary>
    public required string Kind { get; init; }

    public required string KubernetesVersion { get; init; }

    public required string Location { get; init; }

    public required IReadOnlyList<string> NodeZones { get; init; }

    /// <summary>GKE release channel; null on EKS.</summary>
    public required string? ReleaseChannel { get; init; }

    public required bool PrivateNodes { get; init; }

    public required bool PublicEndpoint { get; init; }

    public required IReadOnlyList<string> PublicAccessCidrs { get; init; }

    public required bool SecretsEncryption { get; init; }

    public required bool AuditLogs { get; init; }

    public required int AuditLogRetentionDays { get; init; }

    public required bool DeletionProtection { get; init; }

    public required IReadOnlyList<NodePoolDocument> NodePools { get; init; }

    /// <summary>
    /// EKS with <c>cluster.ciRunner</c>: the label prefix of the CodeBuild-hosted runner in the VPC
    /// (<c>codebuild-&lt;project&gt;</c>; a job's <c>runs-on</c> appends <c>-&lt;run id&gt;-&lt;attempt&gt;</c>). Null otherwise:
    /// GitHub-hosted runners reach GKE through its DNS endpoint.
    /// </summary>
    public required string? CiRunnerLabel { get; init; }
}

/// <summary>A node pool and the subnets its nodes join.</summary>
public sealed record NodePoolDocument(string Name, string MachineType, int MinNodes, int MaxNodes, int DiskSizeGb, IReadOnlyList<string> Subnets);

/// <summary>Linkerd, as the settings ask for it.</summary>
public sealed record MeshDocument
{
    public required bool HighAvailability { get; init; }

    public required bool Injection { get; init; }

    public required string DefaultInboundPolicy { get; init; }

    public required ResourcesDocument Proxy { get; init; }

    public required int TrustAnchorValidityHours { get; init; }

    public required int IssuerValidityHours { get; init; }

    /// <summary>The charts of <see cref="Releases"/>, in install order (kept from the first shape; equal to <c>releases[].chart</c>).</summary>
    public required IReadOnlyList<ChartDocument> Charts { get; init; }

    /// <summary>The Gateway API release whose CRDs are applied before the Linkerd charts (Linkerd no longer installs them).</summary>
    public required string GatewayApiVersion { get; init; }

    /// <summary>The Linkerd Helm releases, in install order.</summary>
    public required IReadOnlyList<ReleaseDocument> Releases { get; init; }
}

/// <summary>Requests and limits as Kubernetes quantities.</summary>
public sealed record ResourcesDocument(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);

/// <summary>A pinned Helm chart.</summary>
public sealed record ChartDocument(string Name, string Version, string Repository);

/// <summary>A Helm release: its name, the namespace it installs into and its pinned chart.</summary>
public sealed record ReleaseDocument(string Name, string Namespace, ChartDocument Chart);

/// <summary>The cluster add-ons: the StorageClass every PVC names, how nodes scale, and each add-on with its identity.</summary>
public sealed record AddonsDocument
{
    public required StorageClassDocument StorageClass { get; init; }

    public required NodeScalingDocument NodeScaling { get; init; }

    /// <summary>Each add-on the stack installs (or relies on), in install order.</summary>
    public required IReadOnlyList<AddonDocument> Addons { get; init; }

    /// <summary>The add-ons' Helm releases (Cluster Autoscaler on EKS; none on GKE).</summary>
    public required IReadOnlyList<ReleaseDocument> Releases { get; init; }
}

/// <summary>The StorageClass: its driver, parameters (the key by its planned name), binding and expansion.</summary>
public sealed record StorageClassDocument(string Name, string Provisioner, IReadOnlyDictionary<string, string> Parameters, string KmsKey,
    bool IsDefault, string VolumeBindingMode, bool AllowVolumeExpansion);

/// <summary>How the cloud adds and removes nodes.</summary>
public sealed record NodeScalingDocument(string Mechanism, string Version, string Identity, string Why);

/// <summary>One add-on: what it is, its version, the identity it acts with and why it is there.</summary>
public sealed record AddonDocument(string Name, string Version, string Identity, string Why);

/// <summary>The one Prometheus/Grafana.</summary>
public sealed record MonitoringDocument
{
    public required string Retention { get; init; }

    public required int StorageGi { get; init; }

    public required bool GrafanaAdminFromSecret { get; init; }

    /// <summary>The chart of <see cref="Release"/> (kept from the first shape; equal to <c>release.chart</c>).</summary>
    public required ChartDocument Chart { get; init; }

    /// <summary>The kube-prometheus-stack release and its namespace.</summary>
    public required ReleaseDocument Release { get; init; }

    /// <summary>Alertmanager's receivers (never their secrets), the null receiver last.</summary>
    public required IReadOnlyList<ReceiverDocument> Receivers { get; init; }

    /// <summary>The Secret holding the receivers' secret parts (its name only), or null when none is needed.</summary>
    public required string? ReceiverSecret { get; init; }

    /// <summary>The platform's PrometheusRules.</summary>
    public required IReadOnlyList<RuleDocument> Rules { get; init; }

    /// <summary>The dashboards Grafana provisions from ConfigMaps.</summary>
    public required IReadOnlyList<DashboardDocument> Dashboards { get; init; }
}

/// <summary>An Alertmanager receiver: its name, type and the severities routed to it.</summary>
public sealed record ReceiverDocument(string Name, string Type, IReadOnlyList<string> Severities);

/// <summary>A PrometheusRule: its name, the alerts it defines and how many series it records.</summary>
public sealed record RuleDocument(string Name, IReadOnlyList<string> Alerts, int RecordingRules);

/// <summary>A Grafana dashboard.</summary>
public sealed record DashboardDocument(string Uid, string Title);

/// <summary>A service's namespace and what it gets.</summary>
public sealed record NamespaceDocument
{
    public required string Name { get; init; }

    public required int Port { get; init; }

    public required bool Public { get; init; }

    public required string PodSecurity { get; init; }

    public required bool DefaultDeny { get; init; }

    public required bool MeshInjection { get; init; }

    public required string DefaultInboundPolicy { get; init; }

    /// <summary>The effective quota: the service's own, else the namespaces default.</summary>
    public required QuotaDocument Quota { get; init; }
}

/// <summary>A ResourceQuota's limits.</summary>
public sealed record QuotaDocument(string Cpu, string Memory, int Pods);

/// <summary>One allowed call, caller to callee.</summary>
public sealed record CallDocument(string From, string To);

/// <summary>The guardrail report of the stack (docs/guardrails.md): one entry per catalogue control.</summary>
public sealed record GuardrailsDocument
{
    /// <summary>How many controls have each status.</summary>
    public required GuardrailCountsDocument Counts { get; init; }

    /// <summary>Every control of <see cref="GuardrailCatalogue"/>, in catalogue order.</summary>
    public required IReadOnlyList<GuardrailDocument> Controls { get; init; }
}

/// <summary>The number of controls per status; they add up to the catalogue's size.</summary>
public sealed record GuardrailCountsDocument(int Pass, int Relaxed, int NotApplicable, int Fail);

/// <summary>One control's outcome for the stack.</summary>
/// <param name="Id">The control id, e.g. <c>CP-08</c>.</param>
/// <param name="Catalogue">The row of GUARDRAILS.md it implements (1–35).</param>
/// <param name="Title">The control's title.</param>
/// <param name="Layer">The layer (serialised camelCase: <c>network</c> … <c>workloadIdentity</c> … <c>monitoring</c>).</param>
/// <param name="Status"><c>pass</c>, <c>relaxed</c>, <c>notApplicable</c> or <c>fail</c>.</param>
/// <param name="Reason">Pass: the plan values checked. Relaxed: the key=value and why a test stack may. Not applicable: why.</param>
/// <param name="Relaxations">The setting values that relax the control; empty unless relaxed.</param>
public sealed record GuardrailDocument(
    string Id,
    int Catalogue,
    string Title,
    GuardrailLayer Layer,
    GuardrailStatus Status,
    string Reason,
    IReadOnlyList<RelaxationDocument> Relaxations);

/// <summary>A setting value that relaxes a control.</summary>
/// <param name="Key">The key without the project prefix, e.g. <c>cluster.deletionProtection</c>.</param>
/// <param name="Value">The value as written in the stack file.</param>
public sealed record RelaxationDocument(string Key, string? Value);
