using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Edge;

/// <summary>
/// The one public entry (issue 12): a meshed Envoy Gateway behind one cloud L4 load balancer, its certificates and DNS
/// records. Applied after monitoring and before the service namespaces (DESIGN.md install order), in this order:
/// <see cref="NamespaceObjects"/>, then <see cref="CrdUrls"/> and <see cref="Releases"/>, then
/// <see cref="GatewayObjects"/> and <see cref="RouteObjects"/>, whose kinds the CRDs define. The Gateway API CRDs come
/// before all of it, with the mesh (<see cref="Mesh.MeshPlan.GatewayApiCrdsUrl"/>); the AWS Load Balancer Controller
/// is a cluster add-on. docs/edge.md explains the design.
/// </summary>
public sealed record EdgePlan
{
    /// <summary>The namespace of the gateway's Envoy pods, its listeners' certificates and the redirect route.</summary>
    public required string Namespace { get; init; }

    /// <summary>
    /// Envoy Gateway's own CRDs (gateway.envoyproxy.io), applied server-side before the releases: the gateway-helm
    /// chart's <c>crds</c> subchart would also install Gateway API v1.6.1 <em>experimental</em> CRDs over the
    /// standard ones the mesh applies, so it is off (<c>crds.enabled: false</c>, as Envoy Gateway's install docs
    /// say to do when the Gateway API CRDs are managed separately) and these files, pinned to the chart's tag, take
    /// its place (the pattern of <see cref="Monitoring.MonitoringPlan.CrdUrls"/>).
    /// </summary>
    public required IReadOnlyList<string> CrdUrls { get; init => field = ValueList.From(value); }

    /// <summary>The Helm releases in install order (cert-manager, external-dns, Envoy Gateway).</summary>
    public required IReadOnlyList<HelmReleasePlan> Releases { get; init => field = ValueList.From(value); }

    /// <summary>The edge namespaces and their NetworkPolicies and Linkerd policy, frozen; applied before the releases.</summary>
    public required IReadOnlyList<FrozenManifest> NamespaceObjects { get; init => field = ValueList.From(value); }

    /// <summary>
    /// The gateway's own objects (GatewayClass, EnvoyProxy, Gateway, traffic policies, issuer, certificates) and its
    /// observability (PodMonitors and the Grafana dashboard, in <c>monitoring</c>), frozen.
    /// </summary>
    public required IReadOnlyList<FrozenManifest> GatewayObjects { get; init => field = ValueList.From(value); }

    /// <summary>The HTTPRoutes: one per public service, and the plain-HTTP redirect.</summary>
    public required IReadOnlyList<FrozenManifest> RouteObjects { get; init => field = ValueList.From(value); }

    /// <summary>The file <c>edge/namespaces.yaml</c>.</summary>
    public RenderedManifest Namespaces => new("edge/namespaces.yaml", () => ManifestYaml.Render(NamespaceObjects));

    /// <summary>The file <c>edge/gateway.yaml</c>.</summary>
    public RenderedManifest Gateway => new("edge/gateway.yaml", () => ManifestYaml.Render(GatewayObjects));

    /// <summary>The file <c>edge/routes.yaml</c>.</summary>
    public RenderedManifest Routes => new("edge/routes.yaml", () => ManifestYaml.Render(RouteObjects));

    /// <summary>Every edge object, in apply order.</summary>
    public IEnumerable<FrozenManifest> Objects => NamespaceObjects.Concat(GatewayObjects).Concat(RouteObjects);

    /// <summary>The release of one chart.</summary>
    public HelmReleasePlan Release(string name) => Releases.Single(r => r.Name == name);
}
