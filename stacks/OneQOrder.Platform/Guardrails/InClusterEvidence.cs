using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// What the platform applies inside the cluster, as the typed objects and Helm values the rendered files are made
/// from: the evidence of the in-cluster guardrails (NET-02, NS-*, MESH-*, MON-*). The Pulumi program applies exactly
/// these files and values (<c>Planning.LayerOutput.Files</c>), so a verdict read here is a verdict on what is applied.
/// </summary>
/// <param name="ServiceNamespaces">Each service namespace's objects (Namespace, ServiceAccounts, quota, NetworkPolicies, Linkerd policy).</param>
/// <param name="Mesh">The mesh namespaces, linkerd-viz's scrape authorization and the Linkerd Helm releases with their values.</param>
/// <param name="Monitoring">The monitoring manifests (Namespace, NetworkPolicies, PodMonitor) and the kube-prometheus-stack release.</param>
public sealed record InClusterEvidence(IReadOnlyList<ServiceNamespace> ServiceNamespaces, MeshPlan Mesh, MonitoringPlan Monitoring)
{
    public IReadOnlyList<ServiceNamespace> ServiceNamespaces { get; init => field = ValueList.From(value); } = ValueList.From(ServiceNamespaces);

    /// <summary>The public entry (gateway, its policies, routes and releases); null when the stack has no public service.</summary>
    public EdgePlan? Edge { get; init; }

    /// <summary>Every rendered object, frozen: the service namespaces', the mesh namespaces and viz policy, the monitoring manifests, the edge's.</summary>
    public IEnumerable<FrozenManifest> Objects =>
        ServiceNamespaces.SelectMany(n => n.Objects).Concat(Mesh.NamespaceObjects).Concat(Mesh.VizPolicyObjects).Concat(Monitoring.ManifestObjects)
            .Concat(Edge?.Objects ?? []);

    /// <summary>Every Helm release: the mesh's in install order, then kube-prometheus-stack, then the edge's.</summary>
    public IEnumerable<HelmReleasePlan> Releases => Mesh.Releases.Append(Monitoring.Release).Concat(Edge?.Releases ?? []);

    /// <summary>The typed objects, listed once: what the checks of one evaluation read.</summary>
    internal InClusterObjects Read() => new(this);
}

/// <summary>
/// The typed objects of one <see cref="InClusterEvidence"/>, listed once per guardrail evaluation: the frozen
/// manifests' held objects (<see cref="FrozenManifest.Value"/>), which the checks only read. Thawing copies here
/// would put the serialiser's cold start on every <c>plan</c> run (see <see cref="FrozenManifest"/>).
/// </summary>
internal sealed class InClusterObjects
{
    private readonly Dictionary<string, IReadOnlyList<object>> _byService;

    public InClusterObjects(InClusterEvidence evidence)
    {
        Evidence = evidence;
        _byService = evidence.ServiceNamespaces.ToDictionary(n => n.Tenant.Name, n => Values(n.Objects), StringComparer.Ordinal);
        Monitoring = Values(evidence.Monitoring.ManifestObjects);
        Mesh = Values(evidence.Mesh.NamespaceObjects.Concat(evidence.Mesh.VizPolicyObjects));
        Edge = Values(evidence.Edge?.Objects ?? []);
        All = [.. evidence.ServiceNamespaces.SelectMany(n => _byService[n.Tenant.Name]), .. Mesh, .. Monitoring, .. Edge];
    }

    /// <summary>The evidence these objects were thawed from.</summary>
    public InClusterEvidence Evidence { get; }

    /// <summary>Every object: the service namespaces', the mesh namespaces, the monitoring manifests.</summary>
    public IReadOnlyList<object> All { get; }

    /// <summary>The monitoring manifests.</summary>
    public IReadOnlyList<object> Monitoring { get; }

    /// <summary>The mesh namespaces and linkerd-viz's scrape authorization.</summary>
    public IReadOnlyList<object> Mesh { get; }

    /// <summary>The edge's objects (namespaces, policies, gateway, routes); empty without an edge.</summary>
    public IReadOnlyList<object> Edge { get; }

    /// <summary>The objects of one service namespace.</summary>
    public IReadOnlyList<object> Of(string service) => _byService.TryGetValue(service, out var objects) ? objects : [];

    private static IReadOnlyList<object> Values(IEnumerable<FrozenManifest> manifests) => [.. manifests.Select(m => m.Value)];
}
