using k8s.Models;

namespace OneQOrder.Platform.Rendering;

/// <summary>One Prometheus relabeling rule (Prometheus Operator <c>RelabelConfig</c>).</summary>
public sealed record Relabeling(string Action, IReadOnlyList<string>? SourceLabels = null, string? Regex = null, string? TargetLabel = null, string? Replacement = null);

/// <summary>One scraped endpoint of a PodMonitor.</summary>
/// <param name="Port">The container port name; null: every container port, left to the relabelings to choose.</param>
/// <param name="Path">The metrics path.</param>
/// <param name="Relabelings">Target relabeling before the scrape.</param>
public sealed record PodMetricsEndpoint(string? Port, string Path, IReadOnlyList<Relabeling> Relabelings);

/// <summary>Which namespaces a PodMonitor looks in: every namespace (<paramref name="Any"/>) or the named ones.</summary>
/// <param name="Any">Every namespace; null when <paramref name="MatchNames"/> lists them.</param>
/// <param name="MatchNames">The namespaces by name.</param>
public sealed record MonitorNamespaceSelector(bool? Any, IReadOnlyList<string>? MatchNames = null);

/// <summary>The spec of a PodMonitor.</summary>
public sealed record PodMonitorSpec(MonitorNamespaceSelector NamespaceSelector, V1LabelSelector Selector, IReadOnlyList<PodMetricsEndpoint> PodMetricsEndpoints);

/// <summary><c>monitoring.coreos.com/v1 PodMonitor</c> (schema: shared/schemas/monitoring.coreos.com/podmonitor_v1.json).</summary>
public sealed record PodMonitor(V1ObjectMeta Metadata, PodMonitorSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "monitoring.coreos.com/v1";

    public string Kind { get; init; } = "PodMonitor";
}
