using System.Globalization;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Guardrails;

/// <summary>What a control's check sees: the settings and the plan built from them.</summary>
/// <param name="Settings">Validated stack settings.</param>
/// <param name="Network">The network plan.</param>
/// <param name="Cluster">The cluster plan.</param>
/// <param name="InCluster">The objects and Helm values applied inside the cluster (service namespaces, mesh, monitoring).</param>
public sealed record GuardrailContext(StackSettings Settings, NetworkPlan Network, ClusterPlan Cluster, InClusterEvidence InCluster)
{
    /// <summary>The cloud resources' arguments, as the Pulumi program applies them: the evidence of the cloud controls.</summary>
    public required CloudResourcePlan Resources { get; init; }


    internal bool Gcp => Settings.Cloud == Cloud.Gcp;

    /// <summary>
    /// The typed objects of <see cref="InCluster"/>, listed once by <see cref="GuardrailEvaluator.Evaluate"/> for all
    /// its checks; listed again if <see cref="InCluster"/> was replaced since.
    /// </summary>
    internal InClusterObjects Objects => Listed is { } listed && ReferenceEquals(listed.Evidence, InCluster) ? listed : InCluster.Read();

    /// <summary>Set by the evaluator: the objects its checks share.</summary>
    internal InClusterObjects? Listed { get; init; }

    /// <summary>The declared services and calls: what the in-cluster objects must implement, read from the settings.</summary>
    internal TenantCatalogue Tenants { get; } = TenantCatalogue.From(Settings);

    internal string ServiceNames => string.Join(", ", Settings.Services.Select(s => s.Name));
}

/// <summary>The result of checking a control against the plan: whether the plan honours it, and the evidence.</summary>
internal readonly record struct GuardrailCheck(bool Holds, string Detail)
{
    /// <summary>Holds when no problem was found: the detail is then the evidence read, else every problem.</summary>
    public static GuardrailCheck FromProblems(IReadOnlyCollection<string> problems, string evidence) =>
        problems.Count == 0 ? new(true, evidence) : new(false, string.Join("; ", problems));

    public static GuardrailCheck When(bool holds, string pass, string fail) => new(holds, holds ? pass : fail);
}

/// <summary>A control with its two rules: which setting values relax it (settings only) and what the plan must show.</summary>
/// <param name="Control">The catalogue entry.</param>
/// <param name="Relaxations">The setting values that relax it (settings only).</param>
/// <param name="Check">What the plan must show; computed from the planned objects, never a restated setting.</param>
/// <param name="CheckedWhenNotApplicable">The control is not applicable because of what the plan does not build; the
/// check verifies that, and a plan that builds it fails the control.</param>
internal sealed record GuardrailRule(
    GuardrailControl Control,
    Func<StackSettings, IEnumerable<GuardrailRelaxation>> Relaxations,
    Func<GuardrailContext, GuardrailCheck> Check,
    bool CheckedWhenNotApplicable = false);

/// <summary>
/// The guardrail catalogue of <c>GUARDRAILS.md</c> as code: 35 rows, 37 controls (row 26 is split into mesh injection
/// and mesh HA, row 19 into one identity per service and its credential egress), plus rows 36-38 the public entry adds
/// (EDGE-01..03, issue 12; docs/guardrails.md), 40 controls in catalogue order. Ids carry the layer prefix (NET, CP, NODE, WI, NS, MESH, MON, EDGE) and number the
/// controls of a layer in catalogue order. Which test asserts each implementation is listed in docs/guardrails.md.
/// </summary>
public static partial class GuardrailCatalogue
{
    /// <summary>The Linkerd default inbound policies that keep unauthenticated traffic out (linkerd.io/2/reference/authorization-policy).</summary>
    public static readonly IReadOnlySet<string> StrictInboundPolicies = new SortedSet<string>(StringComparer.Ordinal) { "all-authenticated", "deny" };

    /// <summary>PCI DSS 10.5.1: audit log history retained for at least 12 months.</summary>
    public const int MinimumAuditLogRetentionDays = 365;

    internal static IReadOnlyList<GuardrailRule> Rules { get; } = BuildRules();

    /// <summary>Every control, in catalogue order.</summary>
    public static IReadOnlyList<GuardrailControl> Controls { get; } = Rules.Select(r => r.Control).ToList();

    /// <summary>The control with id <paramref name="id"/>.</summary>
    public static GuardrailControl Find(string id) =>
        Controls.SingleOrDefault(c => c.Id == id) ?? throw new KeyNotFoundException($"no guardrail control {id}");

    // Catalogue order; OrderBy is stable, so MESH-01 stays before MESH-02 (both row 26).
    private static List<GuardrailRule> BuildRules() =>
        [.. CloudRules().Concat(InClusterRules()).Concat(EdgeRules()).OrderBy(r => r.Control.Catalogue)];

    private static IEnumerable<GuardrailRelaxation> NoSetting(StackSettings settings) => [];

    /// <summary>A boolean setting that keeps the control on only at <paramref name="required"/>.</summary>
    private static IEnumerable<GuardrailRelaxation> Flag(string key, bool actual, bool required) =>
        actual == required ? [] : [new GuardrailRelaxation(key, actual ? "true" : "false", required ? "true" : "false")];

    /// <summary>Any /0 (0.0.0.0/0, or a /0 written with other host bits) opens the endpoint to the whole internet.</summary>
    internal static bool IsWholeInternet(string cidr) => cidr.Trim().EndsWith("/0", StringComparison.Ordinal);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
