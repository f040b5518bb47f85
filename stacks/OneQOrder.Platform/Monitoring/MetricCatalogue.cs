using System.Text;

namespace OneQOrder.Platform.Monitoring;

/// <summary>
/// The metrics the platform's rules and dashboards may read: those the scraped components expose, pinned here with
/// their source, plus the series the platform's own recording rules write. A rule or panel that names anything else
/// would silently evaluate to nothing; a test fails it instead.
/// </summary>
public static class MetricCatalogue
{
    /// <summary>Exposed metric → where it comes from.</summary>
    public static IReadOnlyDictionary<string, string> Exposed { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        // Prometheus itself: `up` per target and `ALERTS` per alert (prometheus.io/docs "Jobs and instances",
        // "Alerting rules: inspecting alerts during runtime").
        ["up"] = "Prometheus (automatic per scrape target)",
        ["ALERTS"] = "Prometheus (one series per pending or firing alert)",

        // kube-state-metrics, installed and scraped by kube-prometheus-stack 88.5.3 (values.yaml kubeStateMetrics.enabled:
        // true); names from kube-state-metrics docs/metrics/workload/{pod,deployment}-metrics.md and cluster/node-metrics.md.
        ["kube_node_status_condition"] = "kube-state-metrics (node metrics)",
        ["kube_pod_container_status_waiting_reason"] = "kube-state-metrics (pod metrics)",
        ["kube_pod_container_status_restarts_total"] = "kube-state-metrics (pod metrics)",
        ["kube_pod_status_phase"] = "kube-state-metrics (pod metrics)",
        ["kube_deployment_status_replicas_available"] = "kube-state-metrics (deployment metrics)",

        // The kubelet's volume stats, scraped by the chart's kubelet ServiceMonitor (values.yaml kubelet.enabled: true).
        ["kubelet_volume_stats_used_bytes"] = "kubelet (/metrics, volume stats)",
        ["kubelet_volume_stats_capacity_bytes"] = "kubelet (/metrics, volume stats)",

        // The Linkerd proxy on its admin port 4191 (linkerd.io/2-edge/reference/proxy-metrics), scraped by the
        // platform's linkerd-proxy PodMonitor.
        ["request_total"] = "Linkerd proxy (protocol-level)",
        ["response_total"] = "Linkerd proxy (protocol-level; classification label)",
        ["response_latency_ms_bucket"] = "Linkerd proxy (protocol-level histogram response_latency_ms)",
        ["tcp_close_total"] = "Linkerd proxy (transport-level; classification label)",
        ["tcp_open_connections"] = "Linkerd proxy (transport-level)",
        ["identity_cert_expiration_timestamp_seconds"] = "Linkerd proxy (identity metrics)",

        // The Linkerd identity controller (linkerd2 edge-26.8.3 pkg/identity/service.go), scraped by the control-plane
        // chart's linkerd-controller PodMonitor.
        ["issuer_cert_ttl_seconds"] = "Linkerd identity controller",

        // The gateway's Envoy pods on /stats/prometheus (port 19001), scraped by the edge's envoy-gateway-proxy
        // PodMonitor: Envoy's HTTP connection manager statistics (envoyproxy.io docs, configuration/http/http_conn_man/
        // stats: downstream_rq_total, downstream_rq_xx by response code class, downstream_rq_time histogram), in the
        // Prometheus form Envoy's admin endpoint gives them (envoy_http_ prefix, envoy_response_code_class tag), as
        // gateway.envoyproxy.io's "Proxy Metrics" page shows them.
        ["envoy_http_downstream_rq_total"] = "Envoy (HTTP connection manager)",
        ["envoy_http_downstream_rq_xx"] = "Envoy (HTTP connection manager; envoy_response_code_class label)",
        ["envoy_http_downstream_rq_time_bucket"] = "Envoy (HTTP connection manager histogram downstream_rq_time, ms)",
    };

    /// <summary>Every name a rule or panel may read: <see cref="Exposed"/> and the platform's recorded series.</summary>
    public static IReadOnlySet<string> Known { get; } = new SortedSet<string>(
        Exposed.Keys.Concat(SloRules.RecordedSeries).Append(PlatformRules.TrustAnchorExpirySeries), StringComparer.Ordinal);

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",

        // Aggregation operators, which may take their grouping before the parenthesis: sum by (le) (…).
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> Groupings = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right" };

    /// <summary>
    /// The metric names a PromQL expression selects: identifiers that are not functions (followed by a
    /// parenthesis), keywords, label names (inside braces or grouping lists), strings, or durations. A lexical reading
    /// of PromQL's grammar, enough for expressions this library writes; the parse check (lezer-promql) vouches for syntax.
    /// </summary>
    public static IReadOnlyList<string> MetricsOf(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var text = Strip(expr);
        List<string> metrics = [];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                continue;
            }

            if (!(char.IsLetter(c) || c == '_' || c == ':'))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or ':'))
            {
                i++;
            }

            var word = text[start..i];
            var next = i;
            while (next < text.Length && text[next] == ' ')
            {
                next++;
            }

            var call = next < text.Length && text[next] == '(';
            if (Groupings.Contains(word) && call)
            {
                i = text.IndexOf(')', next) + 1; // a label list: (namespace, pod)
                continue;
            }

            if (!call && !Keywords.Contains(word))
            {
                metrics.Add(word);
            }
        }

        return metrics.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The expression without string literals, label matchers and range or subquery brackets.</summary>
    private static string Strip(string expr)
    {
        var text = new StringBuilder(expr.Length);
        var depth = 0;
        char? quote = null;
        for (var i = 0; i < expr.Length; i++)
        {
            var c = expr[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    continue;
                case '{' or '[':
                    depth++;
                    text.Append(' ');
                    continue;
                case '}' or ']':
                    depth--;
                    text.Append(' ');
                    continue;
            }

            text.Append(depth > 0 ? ' ' : c);
        }

        return text.ToString();
    }
}
