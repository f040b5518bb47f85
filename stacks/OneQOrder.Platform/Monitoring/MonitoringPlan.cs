using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;
using k8s.Models;
using static OneQOrder.Platform.Kubernetes.NetworkPolicyBuilder;

namespace OneQOrder.Platform.Monitoring;

/// <summary>
/// The one Prometheus/Grafana stack: kube-prometheus-stack with its CRDs applied server-side beforehand, the
/// namespace with its default-deny NetworkPolicies, the Linkerd proxy PodMonitor, and the Grafana admin Secret's
/// coordinates (the Pulumi program creates that Secret with a generated password; it never appears in a rendered file).
/// </summary>
public sealed record MonitoringPlan
{
    public required string Namespace { get; init; }

    /// <summary>The kube-prometheus-stack release (installed with skipCrds; see <see cref="CrdUrls"/>).</summary>
    public required HelmReleasePlan Release { get; init; }

    /// <summary>The monitoring Namespace, its NetworkPolicies and the Linkerd proxy and controller PodMonitors, frozen, in apply order.</summary>
    public required IReadOnlyList<FrozenManifest> ManifestObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>monitoring/manifests.yaml</c>, rendered from <see cref="ManifestObjects"/>.</summary>
    public RenderedManifest Manifests => new("monitoring/manifests.yaml", () => ManifestYaml.Render(ManifestObjects));

    public required string GrafanaAdminSecretName { get; init; }

    public required string GrafanaAdminUserKey { get; init; }

    public required string GrafanaAdminPasswordKey { get; init; }

    /// <summary>
    /// The prometheus-operator CRDs shipped with the pinned chart version. Applied server-side: they exceed the
    /// 256 KiB client-side-apply annotation limit (DESIGN.md; chart README "Upgrading CRDs").
    /// </summary>
    public required IReadOnlyList<string> CrdUrls { get; init => field = ValueList.From(value); }

    /// <summary>The release values as a typed map (<see cref="HelmReleasePlan.Values"/> of <see cref="Release"/>).</summary>
    public HelmValues Values => Release.Values;

    /// <summary>The in-cluster URL of Prometheus, which linkerd-viz reads.</summary>
    public required string PrometheusUrl { get; init; }

    /// <summary>Alertmanager's receivers, the stack's then the null receiver: names, types, severities and secret files, never secrets.</summary>
    public required IReadOnlyList<AlertReceiverPlan> Receivers { get; init => field = ValueList.From(value); }

    /// <summary>
    /// The Secret the Pulumi program creates from the secret config key <c>monitoringSecrets</c> (one key per receiver)
    /// and Alertmanager mounts; null when no receiver needs one (every alert goes to the null receiver).
    /// </summary>
    public required string? ReceiverSecretName { get; init; }

    /// <summary>The platform's PrometheusRules (platform alerts, mesh certificates, one SLO rule per service), frozen.</summary>
    public required IReadOnlyList<FrozenManifest> RuleObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>monitoring/rules.yaml</c>, rendered from <see cref="RuleObjects"/>; applied after the chart (its CRDs and admission webhook).</summary>
    public RenderedManifest Rules => new("monitoring/rules.yaml", () => ManifestYaml.Render(RuleObjects));

    /// <summary>The platform's dashboards as ConfigMaps the Grafana sidecar loads, frozen.</summary>
    public required IReadOnlyList<FrozenManifest> DashboardObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>monitoring/dashboards.yaml</c>, rendered from <see cref="DashboardObjects"/>.</summary>
    public RenderedManifest Dashboards => new("monitoring/dashboards.yaml", () => ManifestYaml.Render(DashboardObjects));

    /// <summary>Where the rules' runbook links point (<c>monitoring.runbookUrl</c>).</summary>
    public required string RunbookUrl { get; init; }

    /// <summary>
    /// The PrometheusRule recording the trust anchor's expiry, rendered by the Pulumi program once the generated anchor's
    /// validity end is known (<see cref="PlatformRules.TrustAnchorRule"/>): the file it applies.
    /// </summary>
    public string TrustAnchorRuleYaml(DateTimeOffset notAfter) => ManifestYaml.RenderSingle(PlatformRules.TrustAnchorRule(RunbookUrl, notAfter));

    /// <summary>Every dashboard Grafana gets: uid and title, for <c>plan</c>.</summary>
    public required IReadOnlyList<(string Uid, string Title)> DashboardTitles { get; init => field = ValueList.From(value); }
}

/// <summary>Plans monitoring from the settings.</summary>
public static class MonitoringPlanner
{
    public const string ReleaseName = "kube-prometheus-stack";
    public const string GrafanaAdminSecretName = "grafana-admin";

    /// <summary>Names of the monitoring namespace's allows, spelled once (tests and docs refer to them).</summary>
    public const string AllowEgress = "allow-egress";
    public const string AllowWithinNamespace = "allow-ingress-within-monitoring";
    public const string AllowLinkerdVizQueries = "allow-prometheus-queries-from-linkerd-viz";
    public const string AllowWebhookFromApiServer = "allow-webhook-from-api-server";

    /// <summary>The chart's own default key names (values.yaml <c>grafana.admin.userKey/passwordKey</c>).</summary>
    public const string GrafanaAdminUserKey = "admin-user";
    public const string GrafanaAdminPasswordKey = "admin-password";

    /// <summary>The CRD files of the chart's crds subchart, in its folder order.</summary>
    // prometheus-community/helm-charts keeps them at charts/kube-prometheus-stack/charts/crds/crds/crd-*.yaml, these
    // ten names exactly, and tags each chart release <chart>-<version> (chart-releaser), so the URLs below are pinned
    // to the chart version the release installs.
    private static readonly string[] CrdFiles =
    [
        "crd-alertmanagerconfigs.yaml", "crd-alertmanagers.yaml", "crd-podmonitors.yaml", "crd-probes.yaml",
        "crd-prometheusagents.yaml", "crd-prometheuses.yaml", "crd-prometheusrules.yaml", "crd-scrapeconfigs.yaml",
        "crd-servicemonitors.yaml", "crd-thanosrulers.yaml",
    ];

    public static string PrometheusUrl => Mesh.MeshPlanner.PrometheusUrl(ReleaseName, PlatformNamespaces.Monitoring);

    /// <summary>Plans monitoring.</summary>
    /// <param name="validated">The stack settings.</param>
    /// <param name="network">The network plan: where the API server calls the operator's admission webhook from.</param>
    /// <param name="storageClass">The StorageClass Prometheus's volume claim names (<c>ClusterAddonsPlan.StorageClass</c>).</param>
    public static MonitoringPlan Plan(ValidatedSettings validated, NetworkPlan network, string storageClass)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        ArgumentNullException.ThrowIfNull(network);
        var chart = ChartCatalogue.KubePrometheusStack;
        ArgumentNullException.ThrowIfNull(storageClass);
        var values = Values(settings.Monitoring, storageClass);
        var ns = PlatformNamespaces.Monitoring;
        var manifests = FrozenManifest.OwnAll(Manifests(settings, PodNetworks.ApiServerOf(network)));
        var catalogue = TenantCatalogue.From(settings);
        var rules = FrozenManifest.OwnAll(Rules(settings, catalogue));
        return new MonitoringPlan
        {
            Namespace = ns,
            Release = new HelmReleasePlan(ReleaseName, chart, ns, values),
            ManifestObjects = manifests,
            GrafanaAdminSecretName = GrafanaAdminSecretName,
            GrafanaAdminUserKey = GrafanaAdminUserKey,
            GrafanaAdminPasswordKey = GrafanaAdminPasswordKey,
            CrdUrls = CrdFiles
                .Select(f => $"https://raw.githubusercontent.com/prometheus-community/helm-charts/{chart.Name}-{chart.Version}/charts/{chart.Name}/charts/crds/crds/{f}")
                .ToList(),
            PrometheusUrl = PrometheusUrl,
            Receivers = AlertReceivers.Plan(settings.Monitoring),
            ReceiverSecretName = settings.Monitoring.Receivers.Count > 0 ? AlertReceivers.SecretName : null,
            RuleObjects = rules,
            DashboardObjects = FrozenManifest.OwnAll(Dashboards.Platform(catalogue)),
            DashboardTitles = Dashboards.Titles(catalogue),
            RunbookUrl = settings.Monitoring.RunbookUrl,
        };
    }

    /// <summary>The platform's rules: platform alerts, the mesh issuer's expiry, then each service's SLO rules.</summary>
    internal static IEnumerable<PrometheusRule> Rules(StackSettings settings, TenantCatalogue catalogue)
    {
        yield return PlatformRules.Platform(settings.Monitoring, ReleaseName);
        yield return PlatformRules.MeshCertificates(settings.Monitoring, settings.Mesh.IssuerValidityHours);
        foreach (var rule in SloRules.Rules(settings.Monitoring, catalogue, settings.Services))
        {
            yield return rule;
        }
    }

    internal static IEnumerable<object> Manifests(StackSettings settings, IReadOnlyList<string> apiServer)
    {
        // node-exporter needs hostNetwork, hostPID and a read-only host root mount (chart values
        // prometheus-node-exporter.hostNetwork/hostPID/hostRootFsMount), which only `privileged` admits; the
        // alternative (baseline here plus node-exporter in its own privileged namespace) splits one release in two
        // for no gain, since the exception is the same DaemonSet either way. Audit and warn stay `restricted` so any
        // other workload that needs more than restricted shows up (GUARDRAILS #34).
        yield return KubeObjects.Namespace(
            PlatformNamespaces.Monitoring,
            new PodSecurity("privileged", "restricted", PodSecurity.VersionOf(settings.Cluster.KubernetesVersion)),
            [],
            // Not meshed: see ServiceNamespaces.ScrapePolicy for why.
            [new("linkerd.io/inject", "disabled")]);
        foreach (var policy in NetworkPolicies(settings, apiServer))
        {
            yield return policy;
        }

        yield return ProxyPodMonitor();
        yield return ControllerPodMonitor();
    }

    /// <summary>
    /// Default deny both ways, as in every service namespace (GUARDRAILS #4), then exactly what the stack needs.
    /// Not governed by any NetworkPolicy: node-exporter, which runs with hostNetwork (NetworkPolicy selects pods on
    /// the pod network only), and <c>kubectl port-forward</c> to Grafana or Prometheus, which the kubelet delivers
    /// inside the pod's network namespace rather than through the CNI.
    /// </summary>
    internal static IEnumerable<V1NetworkPolicy> NetworkPolicies(StackSettings settings, IReadOnlyList<string> apiServer)
    {
        var ns = PlatformNamespaces.Monitoring;
        if (settings.Namespaces.DefaultDeny)
        {
            yield return DefaultDeny(ns);
        }

        // Egress is open to every destination and port. Prometheus scrapes the proxies (4191) in every namespace, the
        // kubelets (10250) and node-exporter (9100) on the node addresses, the API server (443) for service
        // discovery, and whatever port any PodMonitor or ServiceMonitor in any namespace names
        // (podMonitorSelectorNilUsesHelmValues: false): a port list would silently turn a new monitor into a failing
        // target. Alertmanager reaches its receivers (Slack, PagerDuty, a webhook, SMTP) through the NAT. The risk stays bounded:
        // every service namespace admits monitoring on 4191 only, and from outside monitoring only linkerd-viz and
        // the API server open connections into it, each on one port (below).
        yield return Policy(AllowEgress, ns, Egress([new V1NetworkPolicyEgressRule()]));

        // The release talks to itself: Grafana queries Prometheus (9090), Prometheus pushes alerts to Alertmanager
        // (9093) and scrapes kube-state-metrics, the operator, Grafana, Alertmanager and itself. One namespace, one
        // release: a per-port list here would only restate the chart's Services.
        yield return Policy(AllowWithinNamespace, ns, Ingress([new V1NetworkPolicyIngressRule { FromProperty = [Peer(ns)] }]));

        // linkerd-viz's metrics-api reads the central Prometheus (MeshPlanner.PrometheusUrl); the control plane's
        // prometheusUrl is only for the heartbeat, which is disabled.
        yield return Policy(AllowLinkerdVizQueries, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = [Peer(PlatformNamespaces.LinkerdViz)],
                Ports = [Port(PlatformPorts.Prometheus, "TCP")],
            },
        ]));

        // The API server calls the operator's admission webhook (PrometheusRule/AlertmanagerConfig validation and
        // mutation) on the pod port; blocked, every PrometheusRule apply would wait for the webhook's timeout and fail
        // or skip validation. The API server is not a pod, so only its addresses can name it
        // (PodNetworks.ApiServerOf). On EKS those are the private subnets, where pods live too: a pod whose own egress
        // is open (linkerd, linkerd-viz, kube-system) could reach this one port as well; service pods cannot.
        yield return Policy(AllowWebhookFromApiServer, ns, Ingress(
        [
            new V1NetworkPolicyIngressRule
            {
                FromProperty = apiServer.Select(Addresses).ToList(),
                Ports = [Port(PlatformPorts.PrometheusOperatorWebhook, "TCP")],
            },
        ]));
    }

    /// <summary>
    /// Scrapes every Linkerd proxy on its admin port, with the relabeling of Linkerd's "bring your own Prometheus"
    /// job <c>linkerd-proxy</c> (linkerd.io/2/tasks/external-prometheus): keep only the proxy container's admin port
    /// in pods of this control plane, copy namespace and pod, and turn <c>linkerd.io/proxy-*</c> pod labels into the
    /// <c>deployment</c>, <c>k8s_job</c>, … labels linkerd-viz queries.
    /// </summary>
    private static PodMonitor ProxyPodMonitor()
    {
        const string proxyLabel = "__meta_kubernetes_pod_label_linkerd_io_proxy_";
        var relabelings = new List<Relabeling>
        {
            new("keep", ["__meta_kubernetes_pod_container_name", "__meta_kubernetes_pod_container_port_name", "__meta_kubernetes_pod_label_linkerd_io_control_plane_ns"],
                $"^linkerd-proxy;{PlatformPorts.ProxyAdminName};{PlatformNamespaces.Linkerd}$"),
            new("replace", ["__meta_kubernetes_namespace"], TargetLabel: "namespace"),
            new("replace", ["__meta_kubernetes_pod_name"], TargetLabel: "pod"),
            new("replace", [proxyLabel + "job"], TargetLabel: "k8s_job"),
            new("labeldrop", Regex: proxyLabel + "job"),
            new("labelmap", Regex: proxyLabel + "(.+)"),
            new("labeldrop", Regex: proxyLabel + "(.+)"),
            new("labelmap", Regex: "__meta_kubernetes_pod_label_linkerd_io_(.+)"),
            new("labelmap", Regex: "__meta_kubernetes_pod_label_(.+)", Replacement: "__tmp_pod_label_$1"),
            new("labelmap", Regex: "__tmp_pod_label_linkerd_io_(.+)", Replacement: "__tmp_pod_label_$1"),
            new("labeldrop", Regex: "__tmp_pod_label_linkerd_io_(.+)"),
            new("labelmap", Regex: "__tmp_pod_label_(.+)"),

            // The Linkerd Grafana dashboards and linkerd-viz query job="linkerd-proxy" (the job_name of Linkerd's
            // external-Prometheus scrape config); the operator names the job <namespace>/<PodMonitor> unless a
            // relabeling, applied after its own, sets it.
            JobLabel(ProxyJob),
        };
        var selector = new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "linkerd.io/control-plane-ns", OperatorProperty = "Exists" }],
        };
        return new PodMonitor(
            KubeObjects.Meta("linkerd-proxy", PlatformNamespaces.Monitoring),
            new PodMonitorSpec(new MonitorNamespaceSelector(true), selector, [new PodMetricsEndpoint(PlatformPorts.ProxyAdminName, "/metrics", relabelings)]));
    }

    /// <summary>The job label Linkerd's dashboards and linkerd-viz query for the proxies' metrics.</summary>
    public const string ProxyJob = "linkerd-proxy";

    /// <summary>The job label Linkerd's dashboards query for the control-plane components' metrics.</summary>
    public const string ControllerJob = "linkerd-controller";

    private static Relabeling JobLabel(string job) => new("replace", TargetLabel: "job", Replacement: job);

    /// <summary>
    /// The control-plane components' own metrics (their <c>*-admin</c> ports) in linkerd and linkerd-viz: the
    /// linkerd-control-plane chart's <c>linkerd-controller</c> PodMonitor (templates/podmonitor.yaml at edge-26.8.3,
    /// same namespaces, same relabelings), rendered here instead of by the chart because the chart offers no values
    /// key for relabelings and its job would be <c>linkerd/linkerd-controller</c>, which no dashboard queries. The
    /// chart's is switched off (MeshPlanner: <c>podMonitor.controller.enabled: false</c>).
    /// </summary>
    private static PodMonitor ControllerPodMonitor()
    {
        var relabelings = new List<Relabeling>
        {
            new("keep", ["__meta_kubernetes_pod_container_port_name"], ".*-admin$"),
            new("drop", ["__meta_kubernetes_pod_container_port_name"], PlatformPorts.ProxyAdminName),
            new("replace", ["__meta_kubernetes_pod_container_name"], TargetLabel: "component"),
            JobLabel(ControllerJob),
        };
        return new PodMonitor(
            KubeObjects.Meta(ControllerJob, PlatformNamespaces.Monitoring),
            new PodMonitorSpec(new MonitorNamespaceSelector(null, [PlatformNamespaces.Linkerd, PlatformNamespaces.LinkerdViz]), KubeObjects.AllPods(),
                [new PodMetricsEndpoint(null, "/metrics", relabelings)]));
    }

    internal static HelmValues Values(MonitoringSettings monitoring, string storageClass)
    {
        var grafana = new HelmValuesBuilder
        {
            // Dashboards come only from the platform's ConfigMaps in monitoring (Dashboards): the label and namespace
            // the sidecar watches are stated, so a ConfigMap in a service namespace cannot add one.
            ["sidecar"] = new HelmValuesBuilder
            {
                ["dashboards"] = new HelmValuesBuilder
                {
                    ["enabled"] = true,
                    ["label"] = Dashboards.SidecarLabel,
                    ["labelValue"] = Dashboards.SidecarLabelValue,
                    ["searchNamespace"] = PlatformNamespaces.Monitoring,
                },
            },
            ["service"] = new HelmValuesBuilder { ["type"] = "ClusterIP" },
        };
        if (monitoring.GrafanaAdminFromSecret)
        {
            // Never the chart's default admin password (GUARDRAILS #32).
            grafana["admin"] = new HelmValuesBuilder
            {
                ["existingSecret"] = GrafanaAdminSecretName,
                ["passwordKey"] = GrafanaAdminPasswordKey,
                ["userKey"] = GrafanaAdminUserKey,
            };
        }

        var clusterIp = new HelmValuesBuilder { ["type"] = "ClusterIP" };
        return new HelmValuesBuilder
        {
            // CRDs are applied server-side from CrdUrls before the release (which also uses skipCrds).
            ["crds"] = new HelmValuesBuilder { ["enabled"] = false },
            ["grafana"] = grafana,
            ["alertmanager"] = AlertReceivers.Values(monitoring),

            // Managed control planes (GKE, EKS) do not expose these components' metrics to workloads; their
            // ServiceMonitors would only produce permanently failing targets. GKE Dataplane V2 has no kube-proxy,
            // and EKS's binds its metrics to localhost.
            ["kubeControllerManager"] = new HelmValuesBuilder { ["enabled"] = false },
            ["kubeEtcd"] = new HelmValuesBuilder { ["enabled"] = false },
            ["kubeProxy"] = new HelmValuesBuilder { ["enabled"] = false },
            ["kubeScheduler"] = new HelmValuesBuilder { ["enabled"] = false },
            ["prometheusOperator"] = new HelmValuesBuilder { ["service"] = clusterIp },
            ["prometheus"] = new HelmValuesBuilder
            {
                ["service"] = clusterIp,
                ["prometheusSpec"] = new HelmValuesBuilder
                {
                    // With `true`, a nil selector becomes "this release's labels only", so the Linkerd chart's and
                    // the platform's PodMonitors would be ignored. `false` makes nil mean "every monitor in every namespace".
                    ["podMonitorSelectorNilUsesHelmValues"] = false,
                    ["probeSelectorNilUsesHelmValues"] = false,
                    ["ruleSelectorNilUsesHelmValues"] = false,
                    ["scrapeConfigSelectorNilUsesHelmValues"] = false,
                    ["serviceMonitorSelectorNilUsesHelmValues"] = false,
                    ["retention"] = monitoring.Retention,
                    ["storageSpec"] = new HelmValuesBuilder
                    {
                        ["volumeClaimTemplate"] = new HelmValuesBuilder
                        {
                            ["spec"] = new HelmValuesBuilder
                            {
                                ["accessModes"] = new List<object> { "ReadWriteOnce" },
                                // Named, never the cluster's default: EKS has none, and GKE's would not use the CMEK key.
                                ["storageClassName"] = storageClass,
                                ["resources"] = new HelmValuesBuilder
                                {
                                    ["requests"] = new HelmValuesBuilder { ["storage"] = $"{monitoring.StorageGi}Gi" },
                                },
                            },
                        },
                    },
                },
            },
        }.Build();
    }
}
