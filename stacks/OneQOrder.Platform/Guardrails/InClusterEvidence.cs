using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;

namespace OneQOrder.Platform.Guardrails;

/// <summary>
/// What the platform applies inside the cluster, as the typed objects and Helm values the rendered files are made
/// from: the evidence of the in-cluster guardrails (NET-02, NS-*, MESH-*, MON-*). The Pulumi program applies exactly
/// these files and values (<see cref="LayerOutput.Files"/>), so a verdict read here is a verdict on what is applied.
/// </summary>
/// <param name="ServiceNamespaces">Each service namespace's objects (Namespace, ServiceAccounts, quota, NetworkPolicies, Linkerd policy).</param>
/// <param name="Mesh">The mesh namespaces and the Linkerd Helm releases with their values.</param>
/// <param name="Monitoring">The monitoring manifests (Namespace, NetworkPolicies, PodMonitor) and the kube-prometheus-stack release.</param>
public sealed record InClusterEvidence(IReadOnlyList<ServiceNamespace> ServiceNamespaces, MeshPlan Mesh, MonitoringPlan Monitoring)
{
    /// <summary>Every rendered object: the service namespaces', the mesh namespaces, the monitoring manifests.</summary>
    public IEnumerable<object> Objects =>
        ServiceNamespaces.SelectMany(n => n.Objects).Concat(Mesh.NamespaceObjects).Concat(Monitoring.ManifestObjects);

    /// <summary>Every Helm release: the mesh's in install order, then kube-prometheus-stack.</summary>
    public IEnumerable<HelmReleasePlan> Releases => Mesh.Releases.Append(Monitoring.Release);

    /// <summary>The objects of one service namespace.</summary>
    public IReadOnlyList<object> ObjectsOf(string service) =>
        ServiceNamespaces.SingleOrDefault(n => n.Tenant.Name == service)?.Objects ?? [];
}
