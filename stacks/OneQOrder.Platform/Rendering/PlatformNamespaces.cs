namespace OneQOrder.Platform.Rendering;

/// <summary>The namespaces and ports the platform itself owns, named once.</summary>
public static class PlatformNamespaces
{
    /// <summary>Linkerd's control plane (the chart's conventional namespace; the viz chart's <c>linkerdNamespace</c> default).</summary>
    public const string Linkerd = "linkerd";

    /// <summary>The linkerd2-cni DaemonSet: privileged (host paths, root) and so kept apart from everything else.</summary>
    public const string LinkerdCni = "linkerd-cni";

    /// <summary>The linkerd-viz extension.</summary>
    public const string LinkerdViz = "linkerd-viz";

    /// <summary>The one Prometheus/Grafana stack.</summary>
    public const string Monitoring = "monitoring";

    /// <summary>Where cluster DNS runs on both GKE (kube-dns) and EKS (CoreDNS).</summary>
    public const string KubeSystem = "kube-system";

    /// <summary>The label the API server sets on every namespace (Kubernetes 1.22+): what NetworkPolicies select namespaces by.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";
}

/// <summary>Ports the NetworkPolicies open, with where each comes from.</summary>
// The three control-plane ports are the containerPort/targetPort of linkerd-control-plane's templates
// (linkerd/linkerd2 charts/linkerd-control-plane/templates/destination.yaml: linkerd-dst 8086, linkerd-policy 8090;
// identity.yaml: linkerd-identity 8080). They are template constants, not values keys, so the chart defaults in
// ../shared/charts cannot check them. NetworkPolicy matches the pod port after service translation, so these are
// the ports that count.
public static class PlatformPorts
{
    /// <summary>Linkerd proxy inbound port (linkerd-control-plane values <c>proxy.ports.inbound</c>).</summary>
    public const int ProxyInbound = 4143;

    /// <summary>Linkerd proxy admin port, serving <c>/metrics</c> (values <c>proxy.ports.admin</c>); its container port is named <c>linkerd-admin</c>.</summary>
    public const int ProxyAdmin = 4191;

    /// <summary>
    /// Linkerd proxy control port (values <c>proxy.ports.control</c>), where linkerd-viz's tap server opens tap
    /// streams to each proxy (<c>linkerd viz tap</c>); the proxy itself accepts only the tap ServiceAccount's identity.
    /// </summary>
    public const int ProxyTap = 4190;

    /// <summary>The container port name of <see cref="ProxyAdmin"/> in injected pods.</summary>
    public const string ProxyAdminName = "linkerd-admin";

    /// <summary>Cluster DNS.</summary>
    public const int Dns = 53;

    /// <summary>linkerd-destination's gRPC port (service <c>linkerd-dst</c>), which proxies use for discovery.</summary>
    public const int LinkerdDestination = 8086;

    /// <summary>linkerd-identity's gRPC port (service <c>linkerd-identity</c>), where proxies get their certificates.</summary>
    public const int LinkerdIdentity = 8080;

    /// <summary>The policy controller's gRPC port (service <c>linkerd-policy</c>), where proxies fetch authorizations.</summary>
    public const int LinkerdPolicy = 8090;

    /// <summary>
    /// The prometheus-operator's admission webhook, which the API server calls (kube-prometheus-stack values
    /// <c>prometheusOperator.tls.internalPort</c>, 10250 "to work out-of-the-box in GKE private clusters"; the
    /// webhook Service's port 443 targets it, and NetworkPolicy matches the pod port). ChartValuesKeysTests checks it
    /// and <see cref="Prometheus"/> against the pinned chart's defaults.
    /// </summary>
    public const int PrometheusOperatorWebhook = 10250;

    /// <summary>Prometheus's HTTP API (the chart's Prometheus Service and container port), which linkerd-viz queries.</summary>
    public const int Prometheus = 9090;

    /// <summary>The three control-plane ports every meshed pod must reach.</summary>
    public static IReadOnlyList<int> LinkerdControlPlane { get; } = [LinkerdDestination, LinkerdIdentity, LinkerdPolicy];
}
