using System.Globalization;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Monitoring;

/// <summary>
/// Service-level objectives from the call matrix, the same <see cref="TenantCatalogue"/> that produces the
/// NetworkPolicies and the Linkerd authorizations: one PrometheusRule per service with
/// <list type="bullet">
/// <item>its inbound error ratio over every burn-rate window and its inbound p99 latency;</item>
/// <item>per call it makes (caller → callee), request rate, success ratio and p99 latency, seen by the caller's
/// proxies (outbound, labelled with the callee's namespace);</item>
/// <item>multi-window, multi-burn-rate alerts against <c>services[].slo</c> (Google SRE Workbook, "Alerting on
/// SLOs", table 5-8: page at 14.4x over 1h and 5m or 6x over 6h and 30m; ticket at 3x over 1d and 2h or 1x over
/// 3d and 6h), and a latency alert when the p99 exceeds the objective over 1h and 5m.</item>
/// </list>
/// The metrics and labels are the Linkerd proxy's (linkerd.io/2-edge/reference/proxy-metrics: <c>request_total</c>,
/// <c>response_total</c> with <c>classification</c>, <c>response_latency_ms</c>; <c>direction</c>; outbound
/// <c>dst_namespace</c>); <c>namespace</c> is the pod's, added at scrape. A service is its namespace (one per
/// service), so nothing depends on how teams name their Deployments. A call added to the matrix adds its rules here
/// and its panel in <see cref="Dashboards"/>; a removed one loses them.
/// </summary>
public static class SloRules
{
    /// <summary>The windows the error ratio is recorded over.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

    /// <summary>The windows the inbound p99 latency is recorded over (the latency alert's long and short window).</summary>
    public static IReadOnlyList<string> LatencyWindows { get; } = ["5m", "1h"];

    /// <summary>The inbound error ratio of a service over <paramref name="window"/>.</summary>
    public static string ErrorRatioSeries(string window) => $"namespace:oneq_inbound_error_ratio:rate{window}";

    /// <summary>The inbound request rate of a service.</summary>
    public const string InboundRequestRateSeries = "namespace:oneq_inbound_requests:rate5m";

    /// <summary>The inbound p99 latency of a service, in milliseconds.</summary>
    public static string InboundLatencySeries(string window) => $"namespace:oneq_inbound_latency_ms:p99_{window}";

    /// <summary>A call's request rate (caller's namespace → <c>dst_namespace</c>).</summary>
    public const string CallRequestRateSeries = "namespace_dst_namespace:oneq_call_requests:rate5m";

    /// <summary>A call's success ratio.</summary>
    public const string CallSuccessRatioSeries = "namespace_dst_namespace:oneq_call_success_ratio:rate5m";

    /// <summary>A call's p99 latency, in milliseconds.</summary>
    public const string CallLatencySeries = "namespace_dst_namespace:oneq_call_latency_ms:p99_5m";

    /// <summary>Every series these rules record, so the metric check accepts the rules and dashboards that read them.</summary>
    public static IReadOnlyList<string> RecordedSeries { get; } =
    [
        .. Windows.Select(ErrorRatioSeries), InboundRequestRateSeries, .. LatencyWindows.Select(InboundLatencySeries),
        CallRequestRateSeries, CallSuccessRatioSeries, CallLatencySeries,
    ];

    /// <summary>The PrometheusRule name of a service's SLO rules.</summary>
    public static string RuleName(string service) => $"oneq-slo-{service}";

    /// <summary>One PrometheusRule per service, in catalogue order.</summary>
    public static IReadOnlyList<PrometheusRule> Rules(MonitoringSettings monitoring, TenantCatalogue catalogue, IReadOnlyList<ServiceSettings> services)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return [.. catalogue.Tenants.Select(t => ForService(monitoring, t, catalogue.CalleesOf(t.Name), services.First(s => s.Name == t.Name).Slo))];
    }

    private static PrometheusRule ForService(MonitoringSettings monitoring, Tenant service, IReadOnlyList<Tenant> callees, SloSettings slo)
    {
        var inbound = $"direction=\"inbound\", namespace=\"{service.Namespace}\"";
        var budget = (100 - slo.Availability) / 100;
        string Burn(double factor, string window) =>
            $"{ErrorRatioSeries(window)}{{namespace=\"{service.Namespace}\"}} > {Number(factor * budget)}";

        List<PrometheusRuleEntry> recorded =
        [
            .. Windows.Select(w => new PrometheusRuleEntry
            {
                Record = ErrorRatioSeries(w),
                Expr = $"sum by (namespace) (rate(response_total{{{inbound}, classification=\"failure\"}}[{w}]))"
                    + $" / sum by (namespace) (rate(response_total{{{inbound}}}[{w}]))",
            }),
            new() { Record = InboundRequestRateSeries, Expr = $"sum by (namespace) (rate(request_total{{{inbound}}}[5m]))" },
            .. LatencyWindows.Select(w => new PrometheusRuleEntry
            {
                Record = InboundLatencySeries(w),
                Expr = $"histogram_quantile(0.99, sum by (le, namespace) (rate(response_latency_ms_bucket{{{inbound}}}[{w}])))",
            }),
        ];
        foreach (var callee in callees)
        {
            var call = $"direction=\"outbound\", namespace=\"{service.Namespace}\", dst_namespace=\"{callee.Namespace}\"";
            recorded.Add(new() { Record = CallRequestRateSeries, Expr = $"sum by (namespace, dst_namespace) (rate(request_total{{{call}}}[5m]))" });
            recorded.Add(new()
            {
                Record = CallSuccessRatioSeries,
                Expr = $"sum by (namespace, dst_namespace) (rate(response_total{{{call}, classification=\"success\"}}[5m]))"
                    + $" / sum by (namespace, dst_namespace) (rate(response_total{{{call}}}[5m]))",
            });
            recorded.Add(new()
            {
                Record = CallLatencySeries,
                Expr = $"histogram_quantile(0.99, sum by (le, namespace, dst_namespace) (rate(response_latency_ms_bucket{{{call}}}[5m])))",
            });
        }

        var name = service.Name;
        var objective = Number(slo.Availability);
        List<PrometheusRuleEntry> alerts =
        [
            PlatformRules.AlertRule(monitoring.RunbookUrl, "OneqServiceErrorBudgetFastBurn",
                $"({Burn(14.4, "1h")} and {Burn(14.4, "5m")}) or ({Burn(6, "6h")} and {Burn(6, "30m")})",
                "2m", "critical",
                $"{name} is burning its error budget fast",
                $"At this error ratio {name} spends its {objective}% availability budget for 30 days within days.",
                [new("service", name)]),
            PlatformRules.AlertRule(monitoring.RunbookUrl, "OneqServiceErrorBudgetSlowBurn",
                $"({Burn(3, "1d")} and {Burn(3, "2h")}) or ({Burn(1, "3d")} and {Burn(1, "6h")})",
                "1h", "warning",
                $"{name} is burning its error budget",
                $"At this error ratio {name} misses its {objective}% availability objective over 30 days.",
                [new("service", name)]),
            PlatformRules.AlertRule(monitoring.RunbookUrl, "OneqServiceLatencyHigh",
                $"{InboundLatencySeries("1h")}{{namespace=\"{service.Namespace}\"}} > {slo.LatencyP99Ms.ToString(CultureInfo.InvariantCulture)}"
                    + $" and {InboundLatencySeries("5m")}{{namespace=\"{service.Namespace}\"}} > {slo.LatencyP99Ms.ToString(CultureInfo.InvariantCulture)}",
                "10m", "warning",
                $"{name} p99 latency is above {slo.LatencyP99Ms} ms",
                $"The 99th percentile of inbound requests to {name} took {{{{ $value }}}} ms over the last hour; the objective is {slo.LatencyP99Ms} ms.",
                [new("service", name)]),
        ];
        return new PrometheusRule(
            KubeObjects.Meta(RuleName(name), PlatformNamespaces.Monitoring, [new("app.kubernetes.io/part-of", "oneq-platform"), new("oneq.io/service", name)]),
            new PrometheusRuleSpec([new PrometheusRuleGroup($"oneq.slo.{name}.recording", recorded), new PrometheusRuleGroup($"oneq.slo.{name}.alerts", alerts)]));
    }

    /// <summary>A threshold as PromQL reads it: invariant culture, no exponent, no trailing noise.</summary>
    private static string Number(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
