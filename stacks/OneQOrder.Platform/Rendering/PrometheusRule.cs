using k8s.Models;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// One rule of a <see cref="PrometheusRuleGroup"/>: a recording rule (<see cref="Record"/>) or an alerting rule
/// (<see cref="Alert"/>), never both (Prometheus "Recording rules" / "Alerting rules" docs).
/// </summary>
public sealed record PrometheusRuleEntry
{
    /// <summary>The series a recording rule writes.</summary>
    public string? Record { get; init; }

    /// <summary>The name of an alerting rule.</summary>
    public string? Alert { get; init; }

    /// <summary>The PromQL expression.</summary>
    public required string Expr { get; init; }

    /// <summary>How long the condition must hold before the alert fires.</summary>
    public string? For { get; init; }

    /// <summary>Labels added to the recorded series or the alert (<c>severity</c> routes alerts in Alertmanager).</summary>
    public IDictionary<string, string>? Labels { get; init; }

    /// <summary>An alert's <c>summary</c>, <c>description</c> and <c>runbook_url</c>.</summary>
    public IDictionary<string, string>? Annotations { get; init; }
}

/// <summary>A named group of rules, evaluated together.</summary>
public sealed record PrometheusRuleGroup(string Name, IReadOnlyList<PrometheusRuleEntry> Rules);

/// <summary>The spec of a PrometheusRule.</summary>
public sealed record PrometheusRuleSpec(IReadOnlyList<PrometheusRuleGroup> Groups);

/// <summary><c>monitoring.coreos.com/v1 PrometheusRule</c> (schema: shared/schemas/monitoring.coreos.com/prometheusrule_v1.json).</summary>
public sealed record PrometheusRule(V1ObjectMeta Metadata, PrometheusRuleSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "monitoring.coreos.com/v1";

    public string Kind { get; init; } = "PrometheusRule";
}
