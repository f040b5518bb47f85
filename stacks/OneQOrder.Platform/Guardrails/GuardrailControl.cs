using System.Text.Json.Serialization;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Guardrails;

/// <summary>The platform layer a guardrail control belongs to; it also gives the control id its prefix.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<GuardrailLayer>))]
public enum GuardrailLayer
{
    /// <summary><c>NET-</c>: VPC, subnets, NAT, flow logs, segmentation.</summary>
    Network,

    /// <summary><c>CP-</c>: the Kubernetes control plane and cluster-wide settings.</summary>
    Cluster,

    /// <summary><c>NODE-</c>: worker nodes.</summary>
    Node,

    /// <summary><c>WI-</c>: workload identity (pods' cloud credentials).</summary>
    WorkloadIdentity,

    /// <summary><c>NS-</c>: what every service namespace holds (rendered manifests).</summary>
    Namespace,

    /// <summary><c>MESH-</c>: Linkerd, encryption in transit, identity-based policy.</summary>
    Mesh,

    /// <summary><c>MON-</c>: Prometheus, Grafana and where audit records live.</summary>
    Monitoring,

    /// <summary><c>EDGE-</c>: the one public entry (issue 12): gateway listeners, routes and what reaches the public services.</summary>
    Edge,
}

/// <summary>Why a control does not apply to one cloud.</summary>
/// <param name="Cloud">The cloud the control does not apply to.</param>
/// <param name="Reason">Why: usually that the setting belongs to the other cloud, and what covers the risk instead.</param>
public sealed record GuardrailNotApplicable(
    [property: JsonConverter(typeof(CamelCaseEnumConverter<Cloud>))] Cloud Cloud,
    string Reason);

/// <summary>
/// One control of the guardrail catalogue (<c>/work/shared/GUARDRAILS.md</c>, "Guardrail catalogue"), as metadata:
/// what it is, where it comes from, where it applies, and whether a test stack may relax it.
/// Serialisable with System.Text.Json; the rules that evaluate it live in <see cref="GuardrailCatalogue"/>.
/// </summary>
public sealed record GuardrailControl
{
    /// <summary>The control id: layer prefix and a number, e.g. <c>NET-01</c>, <c>CP-03</c>.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The row of the catalogue (1–35) this control implements. Every row maps to at least one control; row 26 is split
    /// in two (mesh injection, mesh HA) because a test stack may relax HA but never injection.
    /// </summary>
    public required int Catalogue { get; init; }

    /// <summary>A short title; error messages quote it.</summary>
    public required string Title { get; init; }

    /// <summary>The layer, which the id prefix names.</summary>
    public required GuardrailLayer Layer { get; init; }

    /// <summary>The sources as GUARDRAILS.md cites them (KB-EKS / KB-GKE = CIS benchmark sections, EKS-BP, PCI, linkerd2#N …).</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Where the control is implemented: library plan values, Pulumi resources, rendered manifests.</summary>
    public required string Implementation { get; init; }

    /// <summary>The clouds the control does not apply to, each with its reason. Empty: it applies to both.</summary>
    public IReadOnlyList<GuardrailNotApplicable> NotApplicable { get; init; } = [];

    /// <summary>
    /// Why the control does not apply to a stack that renders no public entry (no <c>ingress</c>, no public service),
    /// or null when it applies regardless. The reason is a claim about the plan, so it is checked: a plan that renders
    /// a load balancer, an ingress or a gateway without the edge fails the control instead.
    /// </summary>
    public string? NotApplicableWithoutEdge { get; init; }

    /// <summary>
    /// The settings keys (without the project prefix) whose values can relax the control. Empty: no setting weakens it,
    /// the implementation is unconditional.
    /// </summary>
    public IReadOnlyList<string> SettingKeys { get; init; } = [];

    /// <summary>
    /// Why relaxing the control is acceptable in a test stack, or null when it is mandatory everywhere.
    /// A production stack may never relax a control.
    /// </summary>
    public string? TestRelaxationReason { get; init; }

    /// <summary>True when a test stack may relax the control.</summary>
    public bool RelaxableInTest => TestRelaxationReason is not null;

    /// <summary>The clouds the control applies to.</summary>
    [JsonIgnore]
    public IReadOnlyList<Cloud> Clouds => Enum.GetValues<Cloud>().Where(c => NotApplicable.All(n => n.Cloud != c)).ToList();

    /// <summary>The reason the control does not apply to <paramref name="cloud"/>, or null when it applies.</summary>
    public string? NotApplicableReason(Cloud cloud) => NotApplicable.FirstOrDefault(n => n.Cloud == cloud)?.Reason;

    /// <summary>The sources as one line, for messages: <c>KB-EKS 5.3.1, KB-GKE 5.3.1, …</c>.</summary>
    public string SourceLine => string.Join(", ", Sources);
}

/// <summary>One setting value that weakens a control.</summary>
/// <param name="Key">The key without the project prefix, with an index where it is a list element: <c>cluster.publicAccessCidrs[0]</c>.</param>
/// <param name="Value">The value as written, or null when the key is unset and only a value would keep the control on.</param>
/// <param name="Expected">What keeps the control on, phrased to complete "expected …".</param>
public sealed record GuardrailRelaxation(string Key, string? Value, string Expected)
{
    /// <summary>The full config key, <c>oneq-order-infra:&lt;key&gt;</c>.</summary>
    public string FullKey => $"{StackDefaults.Project}:{Key}";

    /// <inheritdoc />
    public override string ToString() => Value is null ? $"{Key} unset" : $"{Key}={Value}";
}
