using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.ClusterAddons;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Monitoring;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Planning;

/// <summary>
/// Everything a stack will build, decided without a cloud. The <c>plan</c> command prints and renders it; the Pulumi
/// program turns it into resources. Build it with <see cref="PlatformPlanner.Build"/>.
/// </summary>
public sealed record PlatformPlan
{
    public required StackSettings Settings { get; init; }

    public required NetworkPlan Network { get; init; }

    public required ClusterPlan Cluster { get; init; }

    /// <summary>
    /// The guardrail-bearing arguments of the cloud resources (<see cref="AwsResourcePlan"/> or
    /// <see cref="GcpResourcePlan"/>): what the Pulumi program applies and what the cloud controls are checked against.
    /// </summary>
    public required CloudResourcePlan Resources { get; init; }

    /// <summary>The encrypted StorageClass every PVC names and, on EKS, Cluster Autoscaler.</summary>
    public required ClusterAddonsPlan Addons { get; init; }

    /// <summary>The services and the allowed calls: what namespaces, NetworkPolicies and Linkerd policy derive from.</summary>
    public required TenantCatalogue Tenants { get; init; }

    /// <summary>One cloud identity per service, in catalogue order (guardrail #19): <see cref="AwsPodIdentity"/> on AWS, <see cref="GcpWorkloadIdentity"/> on GCP.</summary>
    public required IReadOnlyList<WorkloadIdentity> WorkloadIdentities { get; init => field = ValueList.From(value); }

    /// <summary>Linkerd: namespaces, Gateway API prerequisite and the Helm releases in install order.</summary>
    public required MeshPlan Mesh { get; init; }

    /// <summary>kube-prometheus-stack, its CRDs, the monitoring namespace and the proxy PodMonitor.</summary>
    public required MonitoringPlan Monitoring { get; init; }

    /// <summary>The one public entry (gateway, load balancer, certificates, routes); null when no service is public.</summary>
    public EdgePlan? Edge { get; init; }

    /// <summary>Each service namespace's typed objects, in catalogue order: what <see cref="ServiceNamespaces"/> renders.</summary>
    public required IReadOnlyList<ServiceNamespace> ServiceNamespaceObjects { get; init => field = ValueList.From(value); }

    /// <summary>One file per service namespace (<c>namespaces/&lt;name&gt;.yaml</c>), in catalogue order.</summary>
    public IReadOnlyList<RenderedManifest> ServiceNamespaces => ServiceNamespaceObjects.Select(n => n.Render()).ToList();

    /// <summary>What this plan applies inside the cluster: the evidence <see cref="Guardrails"/> was computed from.</summary>
    public InClusterEvidence InCluster => new(ServiceNamespaceObjects, Mesh, Monitoring) { Edge = Edge };

    /// <summary>Every guardrail control evaluated against this plan, in catalogue order.</summary>
    public required GuardrailReport Guardrails { get; init; }

    /// <summary>The preview identities' read-only RBAC (<see cref="PreviewAccessPlanner"/>), computed from this plan's objects.</summary>
    public PreviewAccessPlan PreviewAccess => PreviewAccessPlanner.Plan(this);
}

/// <summary>Builds a <see cref="PlatformPlan"/> from validated settings.</summary>
public static class PlatformPlanner
{
    public static PlatformPlan Build(ValidatedSettings validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var settings = validated.Settings;
        var network = NetworkPlanner.Plan(validated);
        var cluster = ClusterPlan.Create(validated, network);
        var tenants = TenantCatalogue.From(settings);
        var identities = WorkloadIdentities.Plan(validated, tenants);
        var resources = CloudResourcePlanner.Plan(validated, network, cluster, identities);
        var addons = ClusterAddonsPlanner.Plan(validated, cluster, resources);
        var monitoring = MonitoringPlanner.Plan(validated, network, addons.StorageClass.Name);
        var mesh = MeshPlanner.Plan(validated, monitoring.PrometheusUrl, PodNetworks.Of(network));
        var serviceNamespaces = Kubernetes.ServiceNamespaces.Build(validated, tenants, PodNetworks.Of(network), identities);
        var edge = EdgePlanner.Plan(validated, tenants, network);
        return new PlatformPlan
        {
            Settings = settings,
            Network = network,
            Cluster = cluster,
            Resources = resources,
            Addons = addons,
            Tenants = tenants,
            WorkloadIdentities = identities,
            Mesh = mesh,
            Monitoring = monitoring,
            ServiceNamespaceObjects = serviceNamespaces,
            Edge = edge,

            // The verdicts read the very objects, values and cloud resources this plan applies, not the settings they came from.
            Guardrails = GuardrailEvaluator.Evaluate(new GuardrailContext(settings, network, cluster, new InClusterEvidence(serviceNamespaces, mesh, monitoring) { Edge = edge }) { Resources = resources }),
        };
    }
}
