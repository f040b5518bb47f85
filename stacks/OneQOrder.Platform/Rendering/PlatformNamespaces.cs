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

    /// <summary>
    /// The gateway's namespace (issue 12): Envoy Gateway's <c>GatewayNamespace</c> deploy mode puts the Envoy pods of
    /// a Gateway in the Gateway's own namespace, so they, their ServiceAccount, the listeners' certificate Secrets and
    /// the plain-HTTP redirect route live here, apart from the controller.
    /// </summary>
    public const string Gateway = "gateway";

    /// <summary>
    /// The Envoy pods' ServiceAccount, which the edge's EnvoyProxy names (<c>provider.kubernetes.envoyServiceAccount.name</c>)
    /// instead of leaving Envoy Gateway's default (the Gateway's name in GatewayNamespace mode; envoyproxy/gateway v1.9.0
    /// internal/infrastructure/kubernetes/proxy/resource_provider.go <c>serviceAccountName</c>): its Linkerd identity is
    /// the gateway's identity, which the public services' AuthorizationPolicies name exactly.
    /// </summary>
    public const string GatewayProxyServiceAccount = "envoy-public";

    /// <summary>The Envoy Gateway controller (gateway-helm's conventional namespace in its install docs).</summary>
    public const string EnvoyGatewaySystem = "envoy-gateway-system";

    /// <summary>cert-manager: issues the listeners' certificates.</summary>
    public const string CertManager = "cert-manager";

    /// <summary>
    /// cert-manager's controller ServiceAccount: the chart's default name (its fullname, <c>cert-manager</c> for a
    /// release of that name), which the edge also states in the values. The cloud identity (Route 53 / Cloud DNS
    /// write access for DNS-01) is bound to exactly this namespace and name.
    /// </summary>
    public const string CertManagerServiceAccount = "cert-manager";

    /// <summary>external-dns: writes the hostnames' records.</summary>
    public const string ExternalDns = "external-dns";

    /// <summary>external-dns's ServiceAccount (the chart's default fullname for a release called external-dns), bound to its cloud identity.</summary>
    public const string ExternalDnsServiceAccount = "external-dns";

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

    /// <summary>
    /// Envoy Gateway's xDS server (gateway-helm v1.9.0 values <c>deployment.ports</c>: grpc 18000), which every Envoy
    /// pod connects to for its configuration.
    /// </summary>
    public const int EnvoyGatewayXds = 18000;

    /// <summary>Envoy Gateway's topology-injector admission webhook, which the API server calls (chart templates/envoy-gateway-service.yaml: webhook 9443).</summary>
    public const int EnvoyGatewayWebhook = 9443;

    /// <summary>The controller's own metrics port (chart values <c>deployment.ports</c>: metrics 19001).</summary>
    public const int EnvoyGatewayMetrics = 19001;

    /// <summary>
    /// The Envoy pods' stats port, serving <c>/stats/prometheus</c> (envoyproxy/gateway v1.9.0
    /// internal/xds/bootstrap/bootstrap.go <c>EnvoyStatsPort = 19001</c>, container port named <c>metrics</c>).
    /// </summary>
    public const int EnvoyStats = 19001;

    /// <summary>The container port name of <see cref="EnvoyStats"/>.</summary>
    public const string EnvoyStatsName = "metrics";

    /// <summary>
    /// What Envoy Gateway adds to a listener port below 1024 to get the container port, so Envoy binds without
    /// NET_BIND_SERVICE (v1.9.0 internal/gatewayapi/translator.go <c>wellKnownPortShift = 10000</c>): the port
    /// NetworkPolicy sees after the Service's translation.
    /// </summary>
    public const int EnvoyWellKnownPortShift = 10000;

    /// <summary>The container port of a Gateway listener port.</summary>
    public static int EnvoyContainerPort(int listenerPort) => listenerPort < 1024 ? listenerPort + EnvoyWellKnownPortShift : listenerPort;

    /// <summary>cert-manager's webhook (chart values <c>webhook.securePort: 10250</c>), which the API server calls.</summary>
    public const int CertManagerWebhook = 10250;

    /// <summary>The three control-plane ports every meshed pod must reach.</summary>
    public static IReadOnlyList<int> LinkerdControlPlane { get; } = [LinkerdDestination, LinkerdIdentity, LinkerdPolicy];
}
