using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Costs;

/// <summary>Where a workload's requests come from, weakest last: the fit check is only as good as its figures.</summary>
public enum RequestSource
{
    /// <summary>Set by the plan itself (Pulumi.&lt;stack&gt;.yaml, StackDefaults, the rendered values).</summary>
    Plan,

    /// <summary>Documented by the component's pinned chart or manifest.</summary>
    Documented,

    /// <summary>Neither the plan nor the chart sets it: a stated sizing figure, so the check still counts the pod.</summary>
    Assumed,
}

/// <summary>One kind of pod the platform runs, and what it asks the scheduler for.</summary>
/// <param name="Name">The workload, e.g. <c>linkerd/linkerd-destination</c>.</param>
/// <param name="Replicas">Pods of a Deployment or StatefulSet; ignored when <paramref name="PerNode"/>.</param>
/// <param name="PerNode">A DaemonSet: one pod on every node.</param>
/// <param name="CpuMillis">CPU requested by one pod, every container (the mesh proxy included) summed.</param>
/// <param name="MemoryMiB">Memory requested by one pod.</param>
/// <param name="Source">How sure the figures are.</param>
/// <param name="Note">Where the figures come from.</param>
public sealed record WorkloadRequest(string Name, int Replicas, bool PerNode, int CpuMillis, int MemoryMiB, RequestSource Source, string Note);

/// <summary>
/// The pods the plan runs, for the fit check. The list is open: a component a change adds joins by adding its
/// <see cref="WorkloadRequest"/> in <see cref="Of"/>, read from its rendered values where the plan sets its requests.
/// Replica counts and the proxy's requests are read from the plan's rendered values; what neither the plan nor the
/// pinned chart sets is an <see cref="RequestSource.Assumed"/> figure, named as such.
/// </summary>
public static class PlatformWorkloads
{
    /// <summary>Headroom on the services' observed peak memory (issue 13: 42–272 MiB each in the replaced design).</summary>
    public const double ServiceHeadroom = 1.5;

    /// <summary>The highest memory a service used in the replaced design (issue 13).</summary>
    public const int ServiceObservedPeakMiB = 272;

    /// <summary>Every pod the plan runs on the cluster's nodes.</summary>
    public static IReadOnlyList<WorkloadRequest> Of(PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var settings = plan.Settings;
        var proxyCpu = Quantity.CpuMillis(settings.Mesh.Proxy.CpuRequest);
        var proxyMemory = Quantity.MemoryMiB(settings.Mesh.Proxy.MemoryRequest);
        var controlPlane = plan.Mesh.Release("linkerd-control-plane").Values;
        var replicas = controlPlane.At("controllerReplicas") is int r ? r : 1;
        const string haValues = "linkerd-control-plane 2026.8.3 values-ha.yaml controllerResources (the plan leaves the chart's empty default)";
        List<WorkloadRequest> workloads =
        [
            // Linkerd: each controller pod also runs a proxy with the plan's requests.
            new("linkerd/linkerd-destination", replicas, false, (3 * 100) + proxyCpu, (3 * 50) + proxyMemory, RequestSource.Documented, $"destination, sp-validator, policy at {haValues} + proxy"),
            new("linkerd/linkerd-identity", replicas, false, 100 + proxyCpu, 10 + proxyMemory, RequestSource.Documented, $"identity at values-ha.yaml identityResources + proxy"),
            new("linkerd/linkerd-proxy-injector", replicas, false, 100 + proxyCpu, 50 + proxyMemory, RequestSource.Documented, $"injector at {haValues} + proxy"),
            new("linkerd-cni/linkerd-cni", 0, true, 10, 20, RequestSource.Assumed, "linkerd2-cni 2026.8.3 sets no requests"),

            // kube-prometheus-stack 88.5.3 sets no requests for these (values.yaml resources: {}).
            new("monitoring/prometheus", 1, false, 250, 1024, RequestSource.Assumed, $"kube-prometheus-stack sets none; sized for {settings.Services.Count} services + the mesh at {settings.Monitoring.Retention} retention"),
            Rendered("monitoring/alertmanager", 1, plan.Monitoring.Release.Values, ["alertmanager", "alertmanagerSpec", "resources", "requests"]),
            new("monitoring/grafana", 1, false, 100, 256, RequestSource.Assumed, "kube-prometheus-stack sets none (grafana + sidecars)"),
            new("monitoring/prometheus-operator", 1, false, 50, 128, RequestSource.Assumed, "kube-prometheus-stack sets none"),
            new("monitoring/kube-state-metrics", 1, false, 25, 64, RequestSource.Assumed, "kube-prometheus-stack sets none"),
            new("monitoring/node-exporter", 0, true, 25, 32, RequestSource.Assumed, "kube-prometheus-stack sets none"),
        ];

        if (plan.Mesh.Releases.Any(r => r.Name == "linkerd-viz"))
        {
            workloads.Add(new("linkerd-viz/web, metrics-api, tap, tap-injector", 4, false, 50 + proxyCpu, 64 + proxyMemory, RequestSource.Assumed, "linkerd-viz 2026.8.3 sets no requests; + proxy"));
        }

        if (plan.Edge is { } edge)
        {
            workloads.AddRange(EdgeWorkloads(edge, proxyCpu, proxyMemory));
        }

        // The cluster add-on releases (Cluster Autoscaler and, with an ingress, the AWS Load Balancer Controller on
        // EKS) at the requests and replica counts (the chart's replicaCount, 1 when unset) their rendered values set.
        workloads.AddRange(plan.Addons.Releases.Select(r => Rendered($"{r.Namespace}/{r.Name}", r.Values.At("replicaCount") is int n ? n : 1, r.Values, ["resources", "requests"])));
        workloads.AddRange(settings.Cloud == Cloud.Aws ? EksSystem : GkeSystem);

        // The five services: the LimitRange default request, memory raised to the observed peak with headroom; two
        // replicas in production (one node may go), one in a test stack; each with its proxy.
        var defaults = settings.Namespaces.ContainerDefaults;
        var serviceMemory = Math.Max(Quantity.MemoryMiB(defaults.MemoryRequest), (int)Math.Ceiling(ServiceObservedPeakMiB * ServiceHeadroom));
        var serviceReplicas = settings.IsProduction ? 2 : 1;
        workloads.AddRange(settings.Services.Select(s => new WorkloadRequest(
            $"{s.Name}/{s.Name}", serviceReplicas, false, Quantity.CpuMillis(defaults.CpuRequest) + proxyCpu, serviceMemory + proxyMemory, RequestSource.Plan,
            $"LimitRange default {defaults.CpuRequest}; memory {ServiceObservedPeakMiB} MiB observed × {ServiceHeadroom} headroom; + proxy")));
        return workloads;
    }

    /// <summary>
    /// The public entry's pods (issue 12), replica counts read from what the edge renders: the Envoy pods from each
    /// EnvoyProxy's <c>envoyDeployment.replicas</c>, at Envoy Gateway v1.9.0's container defaults (the EnvoyProxy
    /// sets none: api/v1alpha1/shared_types.go DefaultDeploymentCPUResourceRequests 100m and
    /// DefaultDeploymentMemoryResourceRequests 512Mi for envoy, DefaultShutdownManagerCPUResourceRequests 10m and
    /// DefaultShutdownManagerMemoryResourceRequests 32Mi for the shutdown manager) plus the Linkerd proxy, since the
    /// gateway namespace is meshed; the controller from the release's <c>deployment.replicas</c> at the chart's
    /// requests (gateway-helm v1.9.0 values.yaml deployment.envoyGateway.resources.requests 100m / 256Mi); cert-manager's
    /// controller, webhook and cainjector from their rendered <c>replicaCount</c>s and external-dns at one replica
    /// (chart default), at assumed figures because cert-manager v1.21.1 and external-dns 1.21.1 set no requests
    /// (values.yaml <c>resources: {}</c>). The edge namespaces other than <c>gateway</c> are not meshed.
    /// </summary>
    private static IEnumerable<WorkloadRequest> EdgeWorkloads(EdgePlan edge, int proxyCpu, int proxyMemory)
    {
        foreach (var proxy in edge.GatewayObjects.Where(f => f.Type == typeof(EnvoyProxy)).Select(f => f.Thaw<EnvoyProxy>()))
        {
            yield return new($"{proxy.Metadata.NamespaceProperty}/envoy ({proxy.Metadata.Name})", proxy.Spec.Provider.Kubernetes.EnvoyDeployment.Replicas, false,
                100 + 10 + proxyCpu, 512 + 32 + proxyMemory, RequestSource.Documented,
                "EnvoyProxy replicas; Envoy Gateway v1.9.0 defaults: envoy 100m / 512Mi, shutdown-manager 10m / 32Mi; + proxy");
        }

        int Replicas(HelmReleasePlan release, params string[] path) => release.Values.At(path) is int n ? n : 1;
        var controller = edge.Release(EdgePlanner.EnvoyGatewayRelease);
        yield return new($"{controller.Namespace}/envoy-gateway", Replicas(controller, "deployment", "replicas"), false, 100, 256, RequestSource.Documented,
            "rendered deployment.replicas; gateway-helm v1.9.0 deployment.envoyGateway.resources.requests 100m / 256Mi");
        var certManager = edge.Release(EdgePlanner.CertManagerRelease);
        yield return new($"{certManager.Namespace}/cert-manager", Replicas(certManager, "replicaCount"), false, 10, 64, RequestSource.Assumed, "rendered replicaCount; cert-manager v1.21.1 sets no requests");
        yield return new($"{certManager.Namespace}/cert-manager-webhook", Replicas(certManager, "webhook", "replicaCount"), false, 10, 32, RequestSource.Assumed, "rendered webhook.replicaCount; no requests in the chart");
        yield return new($"{certManager.Namespace}/cert-manager-cainjector", Replicas(certManager, "cainjector", "replicaCount"), false, 10, 64, RequestSource.Assumed, "rendered cainjector.replicaCount; no requests in the chart");
        var externalDns = edge.Release(EdgePlanner.ExternalDnsRelease);
        yield return new($"{externalDns.Namespace}/external-dns", 1, false, 10, 64, RequestSource.Assumed, "one replica (the chart's Deployment); external-dns 1.21.1 sets no requests");
    }

    // EKS managed add-ons (vpc-cni, kube-proxy, coredns, eks-pod-identity-agent).
    private static readonly IReadOnlyList<WorkloadRequest> EksSystem =
    [
        new("kube-system/aws-node", 0, true, 25, 0, RequestSource.Documented, "amazon-vpc-cni-k8s manifest: cpu 25m, no memory request"),
        new("kube-system/kube-proxy", 0, true, 100, 0, RequestSource.Documented, "EKS kube-proxy add-on: cpu 100m"),
        new("kube-system/coredns", 2, false, 100, 70, RequestSource.Documented, "CoreDNS deployment: 100m / 70Mi, 2 replicas"),
        new("kube-system/eks-pod-identity-agent", 0, true, 25, 32, RequestSource.Assumed, "add-on requests not read"),

        // The aws-ebs-csi-driver managed add-on (ClusterAddons): its chart's ebs-plugin container requests 10m / 40Mi
        // in the controller (2 replicas) and the node DaemonSet; its sidecars set none (aws-ebs-csi-driver chart
        // values.yaml, controller.resources and node.resources; the managed add-on's configuration schema is the
        // authority for the version EKS installs).
        new("kube-system/ebs-csi-controller", 2, false, 10, 40, RequestSource.Documented, "aws-ebs-csi-driver chart: ebs-plugin 10m / 40Mi, sidecars none"),
        new("kube-system/ebs-csi-node", 0, true, 10, 40, RequestSource.Documented, "aws-ebs-csi-driver chart: ebs-plugin 10m / 40Mi, sidecars none"),
    ];

    /// <summary>
    /// A pod whose requests the plan renders into its chart values at <paramref name="requestsPath"/>: the fit check
    /// counts what the cluster is told, so a change of the values changes the check.
    /// </summary>
    private static WorkloadRequest Rendered(string name, int replicas, HelmValues values, string[] requestsPath)
    {
        var requests = values.At(requestsPath) as HelmValues
            ?? throw new InvalidOperationException($"{name}: the rendered values set no {string.Join('.', requestsPath)}");
        var cpu = requests.At("cpu") as string ?? throw new InvalidOperationException($"{name}: no CPU request in its values");
        var memory = requests.At("memory") as string ?? throw new InvalidOperationException($"{name}: no memory request in its values");
        return new WorkloadRequest(name, replicas, false, Quantity.CpuMillis(cpu), Quantity.MemoryMiB(memory), RequestSource.Plan,
            $"rendered values {string.Join('.', requestsPath)}: {cpu} / {memory}");
    }

    // GKE Standard with Dataplane V2: Google does not publish its system pods' requests.
    private static readonly IReadOnlyList<WorkloadRequest> GkeSystem =
    [
        new("kube-system/kube-dns", 2, false, 260, 110, RequestSource.Documented, "kube-dns manifest: kubedns 100m/70Mi + dnsmasq 150m/20Mi + sidecar 10m/20Mi"),
        new("kube-system/anetd", 0, true, 100, 128, RequestSource.Assumed, "Dataplane V2 agent, requests not published"),
        new("kube-system/fluentbit-gke, gke-metrics-agent, pdcsi-node", 0, true, 100, 150, RequestSource.Assumed, "GKE logging, metrics and disk agents, requests not published"),
        new("kube-system/konnectivity-agent, metrics-server", 2, false, 50, 100, RequestSource.Assumed, "requests not published"),
    ];
}

/// <summary>Kubernetes quantities as the fit check counts them.</summary>
public static class Quantity
{
    /// <summary><c>100m</c> → 100, <c>1</c> → 1000, <c>0.5</c> → 500.</summary>
    public static int CpuMillis(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return quantity.EndsWith('m')
            ? int.Parse(quantity[..^1], System.Globalization.CultureInfo.InvariantCulture)
            : (int)Math.Ceiling(double.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture) * 1000);
    }

    /// <summary><c>64Mi</c> → 64, <c>1Gi</c> → 1024, <c>128M</c> → 123 (rounded up).</summary>
    public static int MemoryMiB(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        (string Suffix, double MiB)[] units = [("Ki", 1.0 / 1024), ("Mi", 1), ("Gi", 1024), ("Ti", 1024 * 1024), ("k", 1000.0 / 1048576), ("M", 1e6 / 1048576), ("G", 1e9 / 1048576)];
        foreach (var (suffix, mib) in units)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (int)Math.Ceiling(double.Parse(quantity[..^suffix.Length], System.Globalization.CultureInfo.InvariantCulture) * mib);
            }
        }

        return (int)Math.Ceiling(double.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture) / 1048576);
    }
}
