using System.Globalization;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Monitoring;

/// <summary>
/// The alert rules the platform owns, each with a severity (what Alertmanager routes on, <see cref="AlertReceivers"/>)
/// and a runbook link into docs/operations.md (the anchor is <c>alert-&lt;name in lower case&gt;</c>; a test checks
/// that every anchor exists). Metric names come from <see cref="MetricCatalogue"/>, whose sources are cited there.
/// No rule selects on <c>job</c>: the job names come from the PodMonitors' relabelling, which is not this layer's.
/// </summary>
public static class PlatformRules
{
    /// <summary>The PrometheusRule of the platform alerts.</summary>
    public const string PlatformRuleName = "oneq-platform-alerts";

    /// <summary>The PrometheusRule of the mesh certificate alerts.</summary>
    public const string MeshCertificateRuleName = "oneq-mesh-certificates";

    /// <summary>The PrometheusRule the Pulumi program renders with the trust anchor's expiry (<see cref="TrustAnchorRule"/>).</summary>
    public const string TrustAnchorRuleName = "oneq-mesh-trust-anchor";

    /// <summary>The series that records the trust anchor's expiry, in seconds since the epoch.</summary>
    public const string TrustAnchorExpirySeries = "oneq:linkerd_trust_anchor_expiry_timestamp_seconds";

    /// <summary>
    /// The namespaces the platform runs its own components in (crash-looping and pending pods there page the platform
    /// team), the public entry's included: a crash-looping Envoy or cert-manager takes the public services offline or
    /// lets their certificates expire. A stack without an ingress has no pods there, so nothing matches.
    /// </summary>
    public static IReadOnlyList<string> PlatformNamespaceNames { get; } =
    [
        PlatformNamespaces.KubeSystem, PlatformNamespaces.Linkerd, PlatformNamespaces.LinkerdCni, PlatformNamespaces.LinkerdViz, PlatformNamespaces.Monitoring,
        PlatformNamespaces.Gateway, PlatformNamespaces.EnvoyGatewaySystem, PlatformNamespaces.CertManager, PlatformNamespaces.ExternalDns,
    ];

    /// <summary>The Linkerd control-plane Deployments (linkerd-control-plane 2026.8.3 templates destination.yaml, identity.yaml, proxy-injector.yaml).</summary>
    public static IReadOnlyList<string> LinkerdControlPlaneDeployments { get; } = ["linkerd-destination", "linkerd-identity", "linkerd-proxy-injector"];

    private const int Day = 86400;

    /// <summary>The runbook anchor of an alert in docs/operations.md.</summary>
    public static string RunbookAnchor(string alert) => "alert-" + alert.ToLowerInvariant();

    /// <summary>An alerting rule with its severity and runbook link.</summary>
    internal static PrometheusRuleEntry AlertRule(string runbookUrl, string name, string expr, string @for, string severity, string summary, string description, IEnumerable<KeyValuePair<string, string>>? labels = null) => new()
    {
        Alert = name,
        Expr = expr,
        For = @for,
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = severity }
            .Concat(labels ?? []).ToDictionary(StringComparer.Ordinal),
        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["description"] = description,
            ["runbook_url"] = $"{runbookUrl}#{RunbookAnchor(name)}",
            ["summary"] = summary,
        },
    };

    /// <summary>Node, pod, volume, monitoring-stack, mesh control-plane and egress alerts.</summary>
    public static PrometheusRule Platform(MonitoringSettings monitoring, string release)
    {
        var platform = string.Join('|', PlatformNamespaceNames);
        var ns = PlatformNamespaces.Monitoring;
        PrometheusRuleEntry Down(string alert, string component, string service, string @for, string severity) => AlertRule(
            monitoring.RunbookUrl, alert,
            // absent(… == 1): fires when the target is missing as well as when it is down. The Services are the
            // chart's, named <release>-<component>; `service` is the label the operator's ServiceMonitor targets carry.
            $"absent(up{{namespace=\"{ns}\", service=\"{release}-{service}\"}} == 1)",
            @for, severity,
            $"{component} is down",
            $"No {component} target of the {release} release in {ns} has been up for {@for}.");
        List<PrometheusRuleEntry> rules =
        [
            AlertRule(monitoring.RunbookUrl, "OneqNodeNotReady",
                "kube_node_status_condition{condition=\"Ready\", status=\"true\"} == 0",
                "10m", "critical",
                "Node {{ $labels.node }} is not Ready",
                "Node {{ $labels.node }} has not been Ready for 10 minutes; its pods are being evicted or cannot start."),
            AlertRule(monitoring.RunbookUrl, "OneqPlatformPodCrashLooping",
                $"max_over_time(kube_pod_container_status_waiting_reason{{reason=\"CrashLoopBackOff\", namespace=~\"{platform}\"}}[5m]) >= 1",
                "15m", "warning",
                "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash-looping",
                "A container of a platform component has been in CrashLoopBackOff for 15 minutes."),
            AlertRule(monitoring.RunbookUrl, "OneqPlatformPodPending",
                $"sum by (namespace, pod) (kube_pod_status_phase{{phase=\"Pending\", namespace=~\"{platform}\"}}) > 0",
                "15m", "warning",
                "{{ $labels.namespace }}/{{ $labels.pod }} has been Pending for 15 minutes",
                "A platform pod cannot be scheduled or started: no node fits, a volume cannot bind, or an image cannot be pulled."),
            AlertRule(monitoring.RunbookUrl, "OneqPersistentVolumeFilling",
                "kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.8",
                "5m", "warning",
                "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is more than 80% full",
                "The PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full."),
            Down("OneqPrometheusDown", "Prometheus", "prometheus", "5m", "critical"),
            Down("OneqAlertmanagerDown", "Alertmanager", "alertmanager", "5m", "critical"),
            Down("OneqGrafanaDown", "Grafana", "grafana", "10m", "warning"),
            AlertRule(monitoring.RunbookUrl, "OneqLinkerdControlPlaneUnavailable",
                $"kube_deployment_status_replicas_available{{namespace=\"{PlatformNamespaces.Linkerd}\", deployment=~\"{string.Join('|', LinkerdControlPlaneDeployments)}\"}} < 1",
                "5m", "critical",
                "Linkerd {{ $labels.deployment }} has no available replica",
                "Without linkerd-destination, linkerd-identity or linkerd-proxy-injector, meshed pods cannot discover, authenticate or be injected: new pods start without mTLS or not at all."),
            AlertRule(monitoring.RunbookUrl, "OneqEgressConnectionFailures",
                // What the cluster itself can see of NAT or egress trouble: connections the Linkerd proxies opened
                // to a destination that closed as failures. The NAT gateway's own counters (ErrorPortAllocation,
                // PacketsDropCount on AWS; Cloud NAT's dropped_sent_packets_count) live only in CloudWatch and
                // Cloud Monitoring, which this Prometheus does not scrape (docs/operations.md).
                "sum by (namespace) (rate(tcp_close_total{direction=\"outbound\", peer=\"dst\", classification=\"failure\"}[5m]))"
                    + " / sum by (namespace) (rate(tcp_close_total{direction=\"outbound\", peer=\"dst\"}[5m])) > 0.05",
                "15m", "warning",
                "More than 5% of outbound connections from {{ $labels.namespace }} fail",
                "Connections opened by the meshed pods of {{ $labels.namespace }} fail: a callee, the mesh, or the NAT / egress path is refusing or dropping them."),
        ];
        return Rule(PlatformRuleName, "oneq.platform", rules);
    }

    /// <summary>
    /// The identity issuer's expiry, from the gauge the Linkerd identity controller exports:
    /// <c>issuer_cert_ttl_seconds</c>, "the remaining seconds until the issuer certificate expires"
    /// (linkerd/linkerd2 edge-26.8.3, pkg/identity/service.go, registerCertExpirationMetrics), scraped by the
    /// control-plane chart's PodMonitor (podMonitor.controller). The warning opens with the window in which
    /// <c>pulumi up</c> re-signs the issuer (the last quarter of its life, ServiceMesh.IssuerEarlyRenewalDivisor):
    /// if it fires, nobody has deployed since the window opened. The metric's absence alerts too, so a broken
    /// scrape cannot hide an expiry.
    /// </summary>
    public static PrometheusRule MeshCertificates(MonitoringSettings monitoring, int issuerValidityHours)
    {
        var renewalWindow = issuerValidityHours * 3600L / 4;
        var metric = $"issuer_cert_ttl_seconds{{namespace=\"{PlatformNamespaces.Linkerd}\"}}";
        List<PrometheusRuleEntry> rules =
        [
            AlertRule(monitoring.RunbookUrl, "OneqMeshIssuerRenewalDue",
                $"min({metric}) < {renewalWindow.ToString(CultureInfo.InvariantCulture)}",
                "1h", "warning",
                "The Linkerd identity issuer expires in {{ $value | humanizeDuration }}",
                "The issuer entered the last quarter of its validity and has not been re-signed: run pulumi up for this stack."),
            AlertRule(monitoring.RunbookUrl, "OneqMeshIssuerExpiring",
                $"min({metric}) < {(14L * Day).ToString(CultureInfo.InvariantCulture)}",
                "5m", "critical",
                "The Linkerd identity issuer expires in {{ $value | humanizeDuration }}",
                "When the issuer expires, proxies can no longer renew their 24-hour certificates and meshed traffic stops. Renew it now."),
            AlertRule(monitoring.RunbookUrl, "OneqMeshIssuerExpiryUnknown",
                $"absent({metric})",
                "30m", "warning",
                "The Linkerd issuer expiry metric is missing",
                "issuer_cert_ttl_seconds is not being scraped from linkerd-identity, so the issuer expiry alerts cannot fire."),
        ];
        return Rule(MeshCertificateRuleName, "oneq.mesh-certificates", rules);
    }

    /// <summary>
    /// The trust anchor's expiry. Linkerd exports no metric for it (edge-26.8.3 pkg/identity/service.go: "TODO:
    /// register a metric for the expiration of the trust anchor cert with the lowest TTL"), and the proxies' own
    /// <c>identity_cert_expiration_timestamp_seconds</c> is their 24-hour leaf. So the expiry is recorded as a
    /// constant series from the certificate the Pulumi program generated (its <c>validityEndTime</c>), and alerts
    /// compare it with <c>time()</c>: 180 days ahead (the manual rotation takes a release cycle) and 30 days.
    /// A re-generated anchor re-renders this rule with the new date.
    /// </summary>
    public static PrometheusRule TrustAnchorRule(string runbookUrl, DateTimeOffset notAfter)
    {
        var remaining = $"{TrustAnchorExpirySeries} - time()";
        List<PrometheusRuleEntry> rules =
        [
            new() { Record = TrustAnchorExpirySeries, Expr = $"vector({notAfter.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)})" },
            AlertRule(runbookUrl, "OneqMeshTrustAnchorRotationDue",
                $"{remaining} < {(180L * Day).ToString(CultureInfo.InvariantCulture)}",
                "1h", "warning",
                "The Linkerd trust anchor expires in {{ $value | humanizeDuration }}",
                "Plan the trust anchor rotation now: it is a manual, multi-step procedure."),
            AlertRule(runbookUrl, "OneqMeshTrustAnchorExpiring",
                $"{remaining} < {(30L * Day).ToString(CultureInfo.InvariantCulture)}",
                "5m", "critical",
                "The Linkerd trust anchor expires in {{ $value | humanizeDuration }}",
                "When the anchor expires every workload identity is invalid and all meshed traffic fails."),
        ];
        return Rule(TrustAnchorRuleName, "oneq.mesh-trust-anchor", rules);
    }

    /// <summary>A PrometheusRule in the monitoring namespace with one group.</summary>
    internal static PrometheusRule Rule(string name, string group, IReadOnlyList<PrometheusRuleEntry> rules) => new(
        KubeObjects.Meta(name, PlatformNamespaces.Monitoring, [new("app.kubernetes.io/part-of", "oneq-platform")]),
        new PrometheusRuleSpec([new PrometheusRuleGroup(group, rules)]));
}
