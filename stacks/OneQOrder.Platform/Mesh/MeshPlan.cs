using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Mesh;

/// <summary>
/// Linkerd as it will be installed: the Gateway API prerequisite, the namespaces, and the four Helm releases in
/// install order. The trust anchor and issuer are NOT here: the Pulumi program generates them (Pulumi.Tls, ECDSA
/// P-256) and adds them as the extra values <see cref="MeshPlan.TrustAnchorValueKey"/>,
/// <see cref="MeshPlan.IssuerCertificateValueKey"/> and <see cref="MeshPlan.IssuerKeyValueKey"/> of the
/// control-plane release, so no key material ever reaches a rendered file.
/// </summary>
public sealed record MeshPlan
{
    /// <summary>linkerd-control-plane value: the trust anchor certificate PEM (chart values.yaml <c>identityTrustAnchorsPEM</c>).</summary>
    public const string TrustAnchorValueKey = "identityTrustAnchorsPEM";

    /// <summary>linkerd-control-plane value: the issuer certificate PEM (<c>identity.issuer.tls.crtPEM</c>).</summary>
    public const string IssuerCertificateValueKey = "identity.issuer.tls.crtPEM";

    /// <summary>linkerd-control-plane value: the issuer private key PEM (<c>identity.issuer.tls.keyPEM</c>).</summary>
    public const string IssuerKeyValueKey = "identity.issuer.tls.keyPEM";

    /// <summary>Install order: linkerd-crds, linkerd2-cni, linkerd-control-plane, linkerd-viz.</summary>
    public required IReadOnlyList<HelmReleasePlan> Releases { get; init => field = ValueList.From(value); }

    /// <summary>The linkerd, linkerd-cni and linkerd-viz Namespace objects with their labels and annotations, frozen.</summary>
    public required IReadOnlyList<FrozenManifest> NamespaceObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>mesh/namespaces.yaml</c>, rendered from <see cref="NamespaceObjects"/>.</summary>
    public RenderedManifest Namespaces => new("mesh/namespaces.yaml", () => ManifestYaml.Render(NamespaceObjects));

    /// <summary>
    /// linkerd-viz's scrape authorization, frozen: a Server on the proxies' admin port in linkerd-viz and an
    /// AuthorizationPolicy admitting the pod networks, so the unmeshed central Prometheus can scrape viz's proxies
    /// (the chart's own policies admit only viz's bundled Prometheus, which is off). Applied after the viz release.
    /// </summary>
    public required IReadOnlyList<FrozenManifest> VizPolicyObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>mesh/viz-policy.yaml</c>, rendered from <see cref="VizPolicyObjects"/>.</summary>
    public RenderedManifest VizPolicy => new("mesh/viz-policy.yaml", () => ManifestYaml.Render(VizPolicyObjects));

    /// <summary>Where the control plane runs (<c>linkerd</c>).</summary>
    public required string ControlPlaneNamespace { get; init; }

    /// <summary>The Gateway API release installed before <c>linkerd-crds</c>, e.g. <c>v1.6.1</c>.</summary>
    public required string GatewayApiVersion { get; init; }

    /// <summary>The standard-channel CRD bundle of <see cref="GatewayApiVersion"/>.</summary>
    public required string GatewayApiCrdsUrl { get; init; }

    public required int TrustAnchorValidityHours { get; init; }

    public required int IssuerValidityHours { get; init; }

    /// <summary>The values of each release by release name, as typed maps (<see cref="HelmReleasePlan.Values"/>).</summary>
    public IReadOnlyDictionary<string, HelmValues> Values => Releases.ToDictionary(r => r.Name, r => r.Values, StringComparer.Ordinal);

    /// <summary>The release of one chart.</summary>
    public HelmReleasePlan Release(string name) => Releases.Single(r => r.Name == name);
}

/// <summary>Plans the mesh from the settings.</summary>
public static class MeshPlanner
{
    /// <summary>
    /// The Gateway API release applied before <c>linkerd-crds</c> (standard channel), shared by Linkerd and Envoy
    /// Gateway (docs/edge.md, "Gateway API version"). v1.6.1: the version compiled into Envoy Gateway v1.9, the only one
    /// its compatibility matrix lists (envoyproxy/gateway v1.9.0 site/content/en/news/releases/matrix.md), whose install
    /// docs require the v1.6 CRDs before the upgrade. Linkerd edge-26.8.3 supports Gateway API 1.2.1 – 1.5.1 (PR
    /// #15567; linkerd.io 2-edge/features/gateway-api) and, per the same page's footnote, works with a newer version as
    /// long as the resources it reads carry only 1.2.1 fields; every Gateway API object the platform renders is
    /// therefore validated against both the v1.2.1 and the v1.6.1 schemas (SchemaValidationTests). Linkerd no longer
    /// installs these CRDs itself (linkerd-crds <c>installGatewayAPI: false</c>), so they are applied first.
    /// </summary>
    public const string GatewayApiVersion = "v1.6.1";

    /// <summary>The release asset of <see cref="GatewayApiVersion"/> (kubernetes-sigs/gateway-api releases).</summary>
    public const string GatewayApiCrdsUrl = "https://github.com/kubernetes-sigs/gateway-api/releases/download/" + GatewayApiVersion + "/standard-install.yaml";

    /// <summary>The control plane's <c>proxy.defaultInboundPolicy</c>: only meshed clients, for the platform namespaces.</summary>
    public const string ClusterDefaultInboundPolicy = "all-authenticated";

    /// <summary>The central Prometheus, as linkerd-viz and the control plane reach it.</summary>
    public static string PrometheusUrl(string monitoringRelease, string monitoringNamespace) =>
        $"http://{monitoringRelease}-prometheus.{monitoringNamespace}.svc.cluster.local:9090";

    /// <summary>The linkerd-viz namespace annotation naming the external Prometheus, as the chart's own
    /// templates/namespace.yaml sets it when <c>prometheusUrl</c> is set (linkerd2 edge-26.8.3; that template renders
    /// only for <c>linkerd viz install</c>, so a Helm install needs the namespace to carry it already). The
    /// <c>linkerd viz</c> CLI reads it to find the metrics.</summary>
    public const string ExternalPrometheusAnnotation = "viz.linkerd.io/external-prometheus";

    /// <summary>Plans the mesh.</summary>
    /// <param name="validated">The stack settings.</param>
    /// <param name="prometheusUrl">The central Prometheus, which linkerd-viz reads.</param>
    /// <param name="podNetworks">Where the unmeshed Prometheus scrapes from (<see cref="PodNetworks.Of"/>).</param>
    public static MeshPlan Plan(ValidatedSettings validated, string prometheusUrl, IReadOnlyList<string> podNetworks)
    {
        ArgumentNullException.ThrowIfNull(podNetworks);
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        var ha = settings.Mesh.HighAvailability;
        var version = PodSecurity.VersionOf(settings.Cluster.KubernetesVersion);
        var values = new Dictionary<string, HelmValues>
        {
            [ChartCatalogue.LinkerdCrds.Name] = new HelmValuesBuilder
            {
                // Gateway API CRDs are a prerequisite applied from GatewayApiCrdsUrl, never owned by Linkerd.
                ["installGatewayAPI"] = false,
            }.Build(),
            [ChartCatalogue.LinkerdCni.Name] = CniValues(settings.Cloud),
            [ChartCatalogue.LinkerdControlPlane.Name] = ControlPlaneValues(settings.Mesh, ha, prometheusUrl),
            [ChartCatalogue.LinkerdViz.Name] = VizValues(ha, prometheusUrl),
        };
        var releases = new[]
        {
            (ChartCatalogue.LinkerdCrds, PlatformNamespaces.Linkerd),
            (ChartCatalogue.LinkerdCni, PlatformNamespaces.LinkerdCni),
            (ChartCatalogue.LinkerdControlPlane, PlatformNamespaces.Linkerd),
            (ChartCatalogue.LinkerdViz, PlatformNamespaces.LinkerdViz),
        }.Select(r => new HelmReleasePlan(r.Item1.Name, r.Item1, r.Item2, values[r.Item1.Name])).ToList();
        var namespaces = FrozenManifest.OwnAll(Namespaces(version, prometheusUrl));

        return new MeshPlan
        {
            Releases = releases,
            NamespaceObjects = namespaces,
            VizPolicyObjects = FrozenManifest.OwnAll(ServiceNamespaces.ScrapePolicy(PlatformNamespaces.LinkerdViz, podNetworks)),
            ControlPlaneNamespace = PlatformNamespaces.Linkerd,
            GatewayApiVersion = GatewayApiVersion,
            GatewayApiCrdsUrl = GatewayApiCrdsUrl,
            TrustAnchorValidityHours = settings.Mesh.TrustAnchorValidityHours,
            IssuerValidityHours = settings.Mesh.IssuerValidityHours,
        };
    }

    /// <summary>
    /// The mesh namespaces. linkerd-cni is <c>privileged</c>: its DaemonSet writes the CNI config and binary to host
    /// paths as root (linkerd.io/2/features/cni). linkerd and linkerd-viz enforce <c>baseline</c>: with CNI mode
    /// no pod needs NET_ADMIN, but the upstream charts do not promise every <c>restricted</c> field, so restricted
    /// is audited and warned about instead of enforced. Labels and annotations follow what <c>linkerd install</c>
    /// puts on these namespaces: the webhooks skip them and the control plane injects its own proxies.
    /// </summary>
    internal static IEnumerable<object> Namespaces(string psaVersion, string prometheusUrl)
    {
        const string webhooks = "config.linkerd.io/admission-webhooks";
        yield return KubeObjects.Namespace(
            PlatformNamespaces.Linkerd,
            new PodSecurity("baseline", "restricted", psaVersion),
            [new(webhooks, "disabled"), new("linkerd.io/control-plane-ns", PlatformNamespaces.Linkerd), new("linkerd.io/is-control-plane", "true")],
            [new("linkerd.io/inject", "disabled")]);
        yield return KubeObjects.Namespace(
            PlatformNamespaces.LinkerdCni,
            new PodSecurity("privileged", "privileged", psaVersion),
            [new(webhooks, "disabled"), new("linkerd.io/cni-resource", "true")],
            [new("linkerd.io/inject", "disabled")]);
        yield return KubeObjects.Namespace(
            PlatformNamespaces.LinkerdViz,
            new PodSecurity("baseline", "restricted", psaVersion),
            [new("linkerd.io/extension", "viz")],
            [new("linkerd.io/inject", "enabled"), new(ExternalPrometheusAnnotation, prometheusUrl)]);
    }

    private static HelmValues CniValues(Cloud cloud)
    {
        var values = new HelmValuesBuilder();
        if (cloud == Cloud.Gcp)
        {
            // GKE's Container-Optimized OS nodes keep CNI binaries in /home/kubernetes/bin, not /opt/cni/bin
            // (GKE CNI layout): linkerd2-proxy-init commit c0da952 (PR #242), tested on GKE, logs "Wrote linkerd CNI
            // binaries to /host/home/kubernetes/bin". The chart default is /opt/cni/bin (linkerd2-cni values.yaml).
            // The one cloud-specific value of the mesh.
            values["destCNIBinDir"] = "/home/kubernetes/bin";
        }

        return values.Build();
    }

    private static HelmValues ControlPlaneValues(MeshSettings mesh, bool ha, string prometheusUrl)
    {
        var values = new HelmValuesBuilder
        {
            // PSA restricted rejects linkerd-init (NET_ADMIN/NET_RAW); linkerd2-cni sets up iptables instead (GUARDRAILS #26).
            ["cniEnabled"] = true,

            // The heartbeat CronJob reports usage to Linkerd's servers over the internet; nothing leaves the platform uninvited.
            ["disableHeartBeat"] = true,
            ["prometheusUrl"] = prometheusUrl,
            ["proxy"] = new HelmValuesBuilder
            {
                // The cluster-wide default, for namespaces without the annotation: the platform's own (linkerd-viz,
                // whose chart declares Servers only for its APIs). Service namespaces carry mesh.defaultInboundPolicy
                // (deny by default) as their annotation (MESH-03).
                ["defaultInboundPolicy"] = ClusterDefaultInboundPolicy,
                ["resources"] = new HelmValuesBuilder
                {
                    ["cpu"] = new HelmValuesBuilder { ["limit"] = mesh.Proxy.CpuLimit, ["request"] = mesh.Proxy.CpuRequest },
                    ["memory"] = new HelmValuesBuilder { ["limit"] = mesh.Proxy.MemoryLimit, ["request"] = mesh.Proxy.MemoryRequest },
                },
            },

            // Proxies and control-plane components are scraped by the platform's own PodMonitors
            // (monitoring/manifests.yaml), which set the job labels the dashboards query; the chart's stay off.
            ["podMonitor"] = new HelmValuesBuilder
            {
                ["enabled"] = true,
                // The platform renders the controller PodMonitor itself (monitoring/manifests.yaml), with the job
                // label Linkerd's dashboards query; the chart's has no relabeling values key.
                ["controller"] = new HelmValuesBuilder { ["enabled"] = false },
                ["proxy"] = new HelmValuesBuilder { ["enabled"] = false },
                ["serviceMirror"] = new HelmValuesBuilder { ["enabled"] = false },
            },
        };
        if (ha)
        {
            // The chart's values-ha.yaml, stated here so the review shows them (linkerd-control-plane 2026.8.3).
            values["controllerReplicas"] = 3;
            values["enablePodAntiAffinity"] = true;
            values["enablePodDisruptionBudget"] = true;
            values["controller"] = new HelmValuesBuilder { ["podDisruptionBudget"] = new HelmValuesBuilder { ["maxUnavailable"] = 1 } };
            values["deploymentStrategy"] = new HelmValuesBuilder { ["rollingUpdate"] = new HelmValuesBuilder { ["maxSurge"] = "25%", ["maxUnavailable"] = 1 } };
            values["highAvailability"] = true;

            // Fail closed: with Ignore an unavailable injector admits pods without a proxy, i.e. without mTLS or
            // policy (GUARDRAILS #30). Safe only with HA replicas and PDBs, hence only here.
            values["webhookFailurePolicy"] = "Fail";
        }

        return values.Build();
    }

    private static HelmValues VizValues(bool ha, string prometheusUrl) => new HelmValuesBuilder
    {
        // The namespace is rendered with viz's labels (mesh/namespaces.yaml), so no metadata Job is needed.
        ["createNamespaceMetadataJob"] = false,
        ["enablePodAntiAffinity"] = ha,
        ["enablePodDisruptionBudget"] = ha,

        // One Prometheus for the platform: viz reads the central one instead of running its own.
        ["prometheus"] = new HelmValuesBuilder { ["enabled"] = false },
        ["prometheusUrl"] = prometheusUrl,
    }.Build();
}
