using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
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

    /// <summary>
    /// Linkerd's Grafana dashboards as published on grafana.com/orgs/linkerd, with the revisions linkerd2's
    /// grafana/values.yaml pins (linkerd.io/2/tasks/grafana). gnetId entries keep dashboard JSON out of this
    /// repository; Grafana downloads them at start-up, which is why monitoring keeps internet egress through the NAT.
    /// </summary>
    private static readonly (string Name, int Id, int Revision)[] LinkerdDashboards =
    [
        ("linkerd-authority", 15482, 3), ("linkerd-deployment", 15475, 6), ("linkerd-health", 15486, 3),
        ("linkerd-kubernetes", 15479, 2), ("linkerd-namespace", 15478, 3), ("linkerd-pod", 15477, 3),
        ("linkerd-route", 15481, 3), ("linkerd-service", 15480, 3), ("linkerd-top-line", 15474, 4),
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
        };
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
        // target. Grafana downloads the Linkerd dashboards from grafana.com through the NAT. The risk stays bounded:
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
            ["dashboardProviders"] = new HelmValuesBuilder
            {
                ["dashboardproviders.yaml"] = new HelmValuesBuilder
                {
                    ["apiVersion"] = 1,
                    ["providers"] = new List<object>
                    {
                        new HelmValuesBuilder
                        {
                            ["name"] = "linkerd",
                            ["folder"] = "Linkerd",
                            ["type"] = "file",
                            ["disableDeletion"] = true,
                            ["editable"] = false,
                            ["options"] = new HelmValuesBuilder { ["path"] = "/var/lib/grafana/dashboards/linkerd" },
                            ["orgId"] = 1,
                        },
                    },
                },
            },
            ["dashboards"] = new HelmValuesBuilder
            {
                ["linkerd"] = Dashboards(),
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
            ["alertmanager"] = new HelmValuesBuilder { ["service"] = clusterIp },

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

    private static HelmValues Dashboards()
    {
        var dashboards = new HelmValuesBuilder();
        foreach (var (name, id, revision) in LinkerdDashboards)
        {
            // "Prometheus" is the name of the datasource kube-prometheus-stack provisions (grafana.sidecar.datasources.name).
            dashboards[name] = new HelmValuesBuilder { ["datasource"] = "Prometheus", ["gnetId"] = id, ["revision"] = revision };
        }

        return dashboards.Build();
    }
}
