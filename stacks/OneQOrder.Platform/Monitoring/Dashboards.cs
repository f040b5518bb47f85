using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Monitoring;

/// <summary>One query of a dashboard panel: what the metric and parse checks read.</summary>
/// <param name="Dashboard">The dashboard's uid.</param>
/// <param name="Panel">The panel's title.</param>
/// <param name="Expr">The PromQL expression.</param>
public sealed record DashboardQuery(string Dashboard, string Panel, string Expr);

/// <summary>
/// Grafana dashboards as code, provisioned from ConfigMaps by the Grafana sidecar (kube-prometheus-stack 88.5.3
/// values.yaml <c>grafana.sidecar.dashboards</c>: enabled, <c>label: grafana_dashboard</c>, <c>labelValue: "1"</c>,
/// <c>searchNamespace</c>), so nothing is downloaded at start-up and every dashboard is in the repository:
/// the platform overview, one per service (golden signals of its inbound traffic, one panel per inbound and per
/// outbound call), the call matrix (one panel per allowed call) and the mesh (Linkerd's control plane and proxies, on the
/// <c>job</c> labels the PodMonitors set). Linkerd's own dashboards are not copied into the repository: they are
/// upstream's files, and the mesh dashboard shows what the platform relies on. The service dashboards read the series
/// <see cref="SloRules"/> records.
/// </summary>
public static class Dashboards
{
    /// <summary>The label the sidecar watches (the chart's default name and value, stated in the values).</summary>
    public const string SidecarLabel = "grafana_dashboard";

    /// <summary>The label value the sidecar watches.</summary>
    public const string SidecarLabelValue = "1";

    /// <summary>The uid of a service's dashboard.</summary>
    public static string ServiceUid(string service) => $"oneq-service-{service}";

    /// <summary>The data source kube-prometheus-stack provisions (values.yaml <c>grafana.sidecar.datasources.uid: prometheus</c>).</summary>
    private const string DataSourceUid = "prometheus";

    /// <summary>The platform's dashboards (overview, call matrix, one per service) as ConfigMaps, in that order.</summary>
    public static IReadOnlyList<V1ConfigMap> Platform(TenantCatalogue catalogue) =>
        [.. Definitions(catalogue).Select(d => ConfigMap($"oneq-dashboard-{d.Uid}", $"{d.Uid}.json", d.Json.ToJsonString(Indented), []))];

    /// <summary>Every query of the platform's dashboards.</summary>
    public static IReadOnlyList<DashboardQuery> Queries(TenantCatalogue catalogue) =>
        [.. Definitions(catalogue).SelectMany(d => d.Queries)];

    /// <summary>The dashboards' uids and titles, for <c>plan</c>.</summary>
    public static IReadOnlyList<(string Uid, string Title)> Titles(TenantCatalogue catalogue) =>
        [.. Definitions(catalogue).Select(d => (d.Uid, d.Title))];

    /// <summary>
    /// The gateway's dashboard (issue 12): requests, 5xx ratio and p99 latency at the edge, from the Envoy pods'
    /// stats, and whether the controller and proxies are scraped. Rendered with the edge (it exists only when a
    /// stack has one); its queries are checked like the platform's (<see cref="GatewayQueries"/>).
    /// </summary>
    /// <param name="proxyJob">The job label of the Envoy pods' PodMonitor.</param>
    /// <param name="controllerJob">The job label of the controller's PodMonitor.</param>
    public static V1ConfigMap Gateway(string proxyJob, string controllerJob)
    {
        var d = GatewayDefinition(proxyJob, controllerJob);
        return ConfigMap($"oneq-dashboard-{d.Uid}", $"{d.Uid}.json", d.Json.ToJsonString(Indented), []);
    }

    /// <summary>The gateway dashboard's queries.</summary>
    public static IReadOnlyList<DashboardQuery> GatewayQueries(string proxyJob, string controllerJob) => GatewayDefinition(proxyJob, controllerJob).Queries;

    private static Definition GatewayDefinition(string proxyJob, string controllerJob)
    {
        var proxy = $"job=\"{proxyJob}\"";
        return Build("oneq-gateway", "OneQ gateway (Envoy Gateway)",
        [
            ("Requests", "reqps", [($"sum(rate(envoy_http_downstream_rq_total{{{proxy}}}[5m]))", "requests/s")]),
            ("5xx ratio", "percentunit",
                [($"sum(rate(envoy_http_downstream_rq_xx{{{proxy}, envoy_response_code_class=\"5\"}}[5m])) / sum(rate(envoy_http_downstream_rq_total{{{proxy}}}[5m]))", "5xx")]),
            ("4xx ratio (429 rate limit, 413 body limit)", "percentunit",
                [($"sum(rate(envoy_http_downstream_rq_xx{{{proxy}, envoy_response_code_class=\"4\"}}[5m])) / sum(rate(envoy_http_downstream_rq_total{{{proxy}}}[5m]))", "4xx")]),
            ("p99 latency", "ms", [($"histogram_quantile(0.99, sum by (le) (rate(envoy_http_downstream_rq_time_bucket{{{proxy}}}[5m])))", "p99")]),
            ("Scrape targets up", "short", [($"sum by (job) (up{{job=~\"{proxyJob}|{controllerJob}\"}})", "{{job}}")]),
        ]);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed record Definition(string Uid, string Title, JsonObject Json, IReadOnlyList<DashboardQuery> Queries);

    private static IEnumerable<Definition> Definitions(TenantCatalogue catalogue)
    {
        yield return Overview(catalogue);
        yield return CallMatrix(catalogue);
        yield return Mesh();
        foreach (var tenant in catalogue.Tenants)
        {
            yield return Service(catalogue, tenant);
        }
    }

    private static Definition Overview(TenantCatalogue catalogue)
    {
        var platform = string.Join('|', PlatformRules.PlatformNamespaceNames);
        var services = string.Join('|', catalogue.Tenants.Select(t => t.Namespace));
        return Build("oneq-platform-overview", "OneQ platform overview",
        [
            ("Firing alerts by severity", "short", [("sum by (severity) (ALERTS{alertstate=\"firing\"})", "{{severity}}")]),
            ("Nodes not Ready", "short", [("sum(kube_node_status_condition{condition=\"Ready\", status=\"true\"} == 0) or vector(0)", "not ready")]),
            ("Platform pods not running", "short", [($"sum by (namespace) (kube_pod_status_phase{{phase=~\"Pending|Failed|Unknown\", namespace=~\"{platform}\"}})", "{{namespace}}")]),
            ("Linkerd control plane available replicas", "short", [($"kube_deployment_status_replicas_available{{namespace=\"{PlatformNamespaces.Linkerd}\", deployment=~\"{string.Join('|', PlatformRules.LinkerdControlPlaneDeployments)}\"}}", "{{deployment}}")]),
            ("Volume usage", "percentunit", [("kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes", "{{namespace}}/{{persistentvolumeclaim}}")]),
            ("Mesh issuer certificate remaining", "s", [($"min(issuer_cert_ttl_seconds{{namespace=\"{PlatformNamespaces.Linkerd}\"}})", "issuer")]),
            ("Inbound requests per service", "reqps", [($"{SloRules.InboundRequestRateSeries}{{namespace=~\"{services}\"}}", "{{namespace}}")]),
            ("Inbound error ratio per service (5m)", "percentunit", [($"{SloRules.ErrorRatioSeries("5m")}{{namespace=~\"{services}\"}}", "{{namespace}}")]),
        ]);
    }

    /// <summary>
    /// The mesh: Linkerd's control plane and every meshed proxy, selected by the jobs the platform's PodMonitors set
    /// (<see cref="MonitoringPlanner.ProxyJob"/>, <see cref="MonitoringPlanner.ControllerJob"/>). Metric names from
    /// linkerd.io/2-edge/reference/proxy-metrics (request_total's <c>tls</c> label marks mTLS) and the identity
    /// controller's issuer_cert_ttl_seconds (<see cref="MetricCatalogue"/>).
    /// </summary>
    private static Definition Mesh()
    {
        var proxy = $"job=\"{MonitoringPlanner.ProxyJob}\"";
        var controller = $"job=\"{MonitoringPlanner.ControllerJob}\"";
        return Build("oneq-mesh", "OneQ mesh (Linkerd)",
        [
            ("Control-plane scrape targets up", "short", [($"sum by (namespace) (up{{{controller}}})", "{{namespace}}")]),
            ("Issuer certificate remaining", "s", [($"min(issuer_cert_ttl_seconds{{{controller}}})", "issuer")]),
            ("Inbound requests by namespace", "reqps", [($"sum by (namespace) (rate(request_total{{{proxy}, direction=\"inbound\"}}[5m]))", "{{namespace}}")]),
            ("Share of inbound requests over mTLS", "percentunit",
                [($"sum by (namespace) (rate(request_total{{{proxy}, direction=\"inbound\", tls=\"true\"}}[5m])) / sum by (namespace) (rate(request_total{{{proxy}, direction=\"inbound\"}}[5m]))", "{{namespace}}")]),
            ("Inbound success ratio by namespace", "percentunit",
                [($"sum by (namespace) (rate(response_total{{{proxy}, direction=\"inbound\", classification=\"success\"}}[5m])) / sum by (namespace) (rate(response_total{{{proxy}, direction=\"inbound\"}}[5m]))", "{{namespace}}")]),
            ("Proxy certificate expiry", "s", [($"min by (namespace) (identity_cert_expiration_timestamp_seconds{{{proxy}}}) - time()", "{{namespace}}")]),
        ]);
    }

    private static Definition CallMatrix(TenantCatalogue catalogue) => Build("oneq-call-matrix", "OneQ call matrix",
        [.. catalogue.Calls.Select(c => CallPanel(c.Caller, c.Callee))]);

    private static Definition Service(TenantCatalogue catalogue, Tenant tenant)
    {
        var ns = $"namespace=\"{tenant.Namespace}\"";
        List<(string, string, IReadOnlyList<(string, string)>)> panels =
        [
            ("Inbound requests", "reqps", [($"{SloRules.InboundRequestRateSeries}{{{ns}}}", "requests/s")]),
            ("Inbound error ratio", "percentunit", [.. SloRules.LatencyWindows.Select(w => ($"{SloRules.ErrorRatioSeries(w)}{{{ns}}}", w))]),
            ("Inbound p99 latency", "ms", [.. SloRules.LatencyWindows.Select(w => ($"{SloRules.InboundLatencySeries(w)}{{{ns}}}", w))]),
            ("Open connections", "short", [($"sum by (direction) (tcp_open_connections{{{ns}}})", "{{direction}}")]),
        ];
        panels.AddRange(catalogue.CallersOf(tenant.Name).Select(caller => CallPanel(caller, tenant)));
        panels.AddRange(catalogue.CalleesOf(tenant.Name).Select(callee => CallPanel(tenant, callee)));
        return Build(ServiceUid(tenant.Name), $"OneQ service {tenant.Name}", panels);
    }

    /// <summary>One call's panel: success ratio, request rate and p99 latency, from the caller's proxies.</summary>
    private static (string, string, IReadOnlyList<(string, string)>) CallPanel(Tenant caller, Tenant callee)
    {
        var call = $"namespace=\"{caller.Namespace}\", dst_namespace=\"{callee.Namespace}\"";
        return ($"{caller.Name} → {callee.Name}", "short",
        [
            ($"{SloRules.CallSuccessRatioSeries}{{{call}}}", "success ratio"),
            ($"{SloRules.CallRequestRateSeries}{{{call}}}", "requests/s"),
            ($"{SloRules.CallLatencySeries}{{{call}}}", "p99 ms"),
        ]);
    }

    /// <summary>A dashboard of time-series panels, two per row, in the order given.</summary>
    private static Definition Build(string uid, string title, IReadOnlyList<(string Title, string Unit, IReadOnlyList<(string Expr, string Legend)> Targets)> panels)
    {
        var list = new JsonArray();
        List<DashboardQuery> queries = [];
        for (var i = 0; i < panels.Count; i++)
        {
            var (panelTitle, unit, targets) = panels[i];
            var targetArray = new JsonArray();
            for (var t = 0; t < targets.Count; t++)
            {
                targetArray.Add(new JsonObject
                {
                    ["datasource"] = DataSource(),
                    ["expr"] = targets[t].Expr,
                    ["legendFormat"] = targets[t].Legend,
                    ["refId"] = ((char)('A' + t)).ToString(),
                });
                queries.Add(new DashboardQuery(uid, panelTitle, targets[t].Expr));
            }

            list.Add(new JsonObject
            {
                ["datasource"] = DataSource(),
                ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = unit }, ["overrides"] = new JsonArray() },
                ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = i % 2 * 12, ["y"] = i / 2 * 8 },
                ["id"] = i + 1,
                ["targets"] = targetArray,
                ["title"] = panelTitle,
                ["type"] = "timeseries",
            });
        }

        var json = new JsonObject
        {
            ["editable"] = false,
            ["panels"] = list,
            ["refresh"] = "1m",
            ["schemaVersion"] = 39,
            ["tags"] = new JsonArray("oneq"),
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["timezone"] = "utc",
            ["title"] = title,
            ["uid"] = uid,
        };
        return new Definition(uid, title, json, queries);
    }

    private static JsonObject DataSource() => new() { ["type"] = "prometheus", ["uid"] = DataSourceUid };

    private static V1ConfigMap ConfigMap(string name, string key, string json, IEnumerable<KeyValuePair<string, string>> annotations) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = KubeObjects.Meta(name, PlatformNamespaces.Monitoring, [new(SidecarLabel, SidecarLabelValue)], annotations),
        Data = new Dictionary<string, string> { [key] = json },
    };
}
