using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using k8s.Models;

namespace OneQOrder.Platform.ClusterAddons;

/// <summary>
/// The StorageClass every PersistentVolumeClaim of the platform names. Its key parameter is a planned key name
/// (<see cref="KmsKey"/>): the key's ARN (EKS) or resource id (GKE) exists only once the key does, so the Pulumi program
/// fills <see cref="KmsKeyParameter"/> with it (<see cref="Manifest"/>), and the object is otherwise exactly this plan.
/// </summary>
/// <param name="Name">The StorageClass name PVCs name in <c>storageClassName</c>.</param>
/// <param name="Provisioner">The CSI driver that provisions its volumes.</param>
/// <param name="Parameters">The driver's parameters, the key excepted.</param>
/// <param name="KmsKey">The planned key (<see cref="AwsKmsKeySpec.Name"/> or <see cref="GcpCryptoKeySpec.Name"/>) its volumes are encrypted with.</param>
/// <param name="KmsKeyParameter">The driver parameter that names the key.</param>
/// <param name="IsDefault">Marked the cluster's default class (<c>storageclass.kubernetes.io/is-default-class</c>).</param>
public sealed record StorageClassPlan(string Name, string Provisioner, IReadOnlyDictionary<string, string> Parameters, string KmsKey, string KmsKeyParameter, bool IsDefault)
{
    /// <summary>The annotation that makes a class the default for PVCs that name none (Kubernetes docs, "Storage Classes").</summary>
    public const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    /// <summary>Parameters, compared by value.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init => field = ValueDictionaries.From(value); } = ValueDictionaries.From(Parameters);

    /// <summary>
    /// <c>WaitForFirstConsumer</c>: the volume is created in the zone the pod is scheduled to. With <c>Immediate</c> a
    /// zonal disk can land in a zone where the pod cannot run (Kubernetes docs, "Storage Classes", volume binding mode).
    /// </summary>
    public string VolumeBindingMode { get; init; } = "WaitForFirstConsumer";

    /// <summary>A full Prometheus volume is grown by editing the PVC, not by migrating data.</summary>
    public bool AllowVolumeExpansion { get; init; } = true;

    /// <summary>The StorageClass object, with the key's cloud reference in <see cref="KmsKeyParameter"/>.</summary>
    /// <param name="kmsKeyReference">The key's ARN (EKS) or <c>projects/…/cryptoKeys/…</c> id (GKE).</param>
    public V1StorageClass Manifest(string kmsKeyReference)
    {
        var parameters = new SortedDictionary<string, string>(Parameters.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)
        {
            [KmsKeyParameter] = kmsKeyReference,
        };
        var meta = new V1ObjectMeta { Name = Name };
        if (IsDefault)
        {
            meta.Annotations = new Dictionary<string, string> { [DefaultClassAnnotation] = "true" };
        }

        return new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = meta,
            Provisioner = Provisioner,
            Parameters = parameters,
            VolumeBindingMode = VolumeBindingMode,
            AllowVolumeExpansion = AllowVolumeExpansion,
            ReclaimPolicy = "Delete",
        };
    }
}

/// <summary>How a cloud adds and removes nodes, for the plan's readers.</summary>
/// <param name="Mechanism">What scales: <c>Cluster Autoscaler</c> or <c>GKE node-pool autoscaling</c>.</param>
/// <param name="Version">The pinned chart and app version, or who runs it.</param>
/// <param name="Identity">The cloud identity it acts with.</param>
/// <param name="Why">Why it is there.</param>
public sealed record NodeScalingPlan(string Mechanism, string Version, string Identity, string Why);

/// <summary>Cluster Autoscaler on EKS: its release and the ServiceAccount its Pod Identity association names.</summary>
/// <param name="Release">The pinned <c>cluster-autoscaler</c> release in <c>kube-system</c>.</param>
/// <param name="ServiceAccount">The release's ServiceAccount (<c>rbac.serviceAccount.name</c>).</param>
public sealed record ClusterAutoscalerPlan(HelmReleasePlan Release, string ServiceAccount);

/// <summary>
/// The AWS Load Balancer Controller on EKS (issue 12): the release, and the values key the Pulumi program fills with the
/// VPC id, which exists only at deploy time (<see cref="VpcIdValueKey"/>).
/// </summary>
/// <param name="Release">The pinned <c>aws-load-balancer-controller</c> release in <c>kube-system</c>.</param>
/// <param name="ServiceAccount">The release's ServiceAccount, which the controller's Pod Identity association names.</param>
public sealed record LoadBalancerControllerPlan(HelmReleasePlan Release, string ServiceAccount)
{
    /// <summary>
    /// The chart value that passes <c>--aws-vpc-id</c>. The controller reads the VPC from the instance metadata
    /// service unless told (LBC docs, deploy/configurations.md: aws-vpc-id defaults to instance metadata; chart
    /// values.yaml: "Set this manually when your pods are unable to use the metadata service"), and the nodes' IMDS hop
    /// limit of 1 (NODE-01) keeps pods from reaching it, so the program merges the network's VPC id in at this key.
    /// </summary>
    public const string VpcIdValueKey = "vpcId";
}

/// <summary>
/// What the cluster needs before any workload can keep data or grow: the encrypted StorageClass every PVC names
/// and, on EKS, Cluster Autoscaler (GKE autoscales node pools itself). The EBS CSI add-on and the autoscaler's role
/// are cloud resources (<see cref="EksClusterSpec.EbsCsiDriver"/>, <see cref="EksClusterSpec.ClusterAutoscaler"/>).
/// </summary>
public sealed record ClusterAddonsPlan
{
    public required StorageClassPlan StorageClass { get; init; }

    /// <summary>Cluster Autoscaler on EKS; null on GKE, whose node pools autoscale without it.</summary>
    public ClusterAutoscalerPlan? ClusterAutoscaler { get; init; }

    /// <summary>How nodes scale on this cloud.</summary>
    public required NodeScalingPlan NodeScaling { get; init; }

    /// <summary>The AWS Load Balancer Controller on EKS when the stack has an <c>ingress</c>; null otherwise, and on GKE, whose own controller provisions load balancers.</summary>
    public LoadBalancerControllerPlan? LoadBalancerController { get; init; }

    /// <summary>The Helm releases of the add-ons, in install order.</summary>
    public IReadOnlyList<HelmReleasePlan> Releases =>
    [
        .. ClusterAutoscaler is { } autoscaler ? [autoscaler.Release] : Array.Empty<HelmReleasePlan>(),
        .. LoadBalancerController is { } controller ? [controller.Release] : Array.Empty<HelmReleasePlan>(),
    ];
}

/// <summary>Plans the cluster add-ons from the settings and the cloud resource plan.</summary>
public static class ClusterAddonsPlanner
{
    /// <summary>The EBS CSI driver's provisioner name (kubernetes-sigs/aws-ebs-csi-driver, docs/parameters.md).</summary>
    public const string EbsProvisioner = "ebs.csi.aws.com";

    /// <summary>The GKE Compute Engine persistent disk CSI driver, on by default in GKE (GKE docs, "Using the Compute Engine persistent disk CSI driver").</summary>
    public const string GcePdProvisioner = "pd.csi.storage.gke.io";

    /// <summary>The release name of Cluster Autoscaler.</summary>
    public const string ClusterAutoscalerRelease = "cluster-autoscaler";

    /// <summary>
    /// Cluster Autoscaler's requests and limits, stated because the chart sets none (values <c>resources: {}</c>; the
    /// commented suggestion there is 100m / 300Mi) and the cost estimate sums every request the plan renders.
    /// </summary>
    public static readonly (string CpuRequest, string MemoryRequest, string MemoryLimit) ClusterAutoscalerResources = ("100m", "300Mi", "300Mi");

    /// <summary>The release name of the AWS Load Balancer Controller.</summary>
    public const string LoadBalancerControllerRelease = "aws-load-balancer-controller";

    /// <summary>
    /// The controller's requests and memory limit, stated because the chart sets none (values <c>resources: {}</c>;
    /// the commented suggestion there is 100m / 128Mi) and the fit check sums every request the plan renders.
    /// </summary>
    public static readonly (string CpuRequest, string MemoryRequest, string MemoryLimit) LoadBalancerControllerResources = ("100m", "128Mi", "256Mi");

    public static ClusterAddonsPlan Plan(ValidatedSettings validated, ClusterPlan cluster, CloudResourcePlan resources)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(resources);
        var settings = validated.Settings;
        return resources switch
        {
            AwsResourcePlan aws => PlanAws(settings, cluster, aws),
            GcpResourcePlan gcp => PlanGcp(cluster, gcp),
            _ => throw new ArgumentException($"no cluster add-ons for {resources.GetType().Name}", nameof(resources)),
        };
    }

    private static ClusterAddonsPlan PlanAws(StackSettings settings, ClusterPlan cluster, AwsResourcePlan aws)
    {
        // gp3 (the EBS CSI driver's default type; 3,000 IOPS baseline at any size), encrypted with the cluster key
        // (NODE-05's key), the cluster's default: EKS creates no default StorageClass since 1.30 (EKS user guide,
        // "Storage classes"), so a PVC that names none would stay Pending.
        var storage = new StorageClassPlan("gp3", EbsProvisioner,
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["encrypted"] = "true", ["type"] = "gp3" },
            aws.Cluster.Key.Name, KmsKeyParameter: "kmsKeyId", IsDefault: true);
        var (cpu, memory, memoryLimit) = ClusterAutoscalerResources;
        var identity = aws.Cluster.ClusterAutoscaler;
        var values = new HelmValuesBuilder
        {
            // Auto-discovery of the groups tagged k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster>
            // (the chart's default autoDiscovery.tags), which EKS puts on every managed node group's Auto Scaling group.
            ["autoDiscovery"] = new HelmValuesBuilder { ["clusterName"] = cluster.Name },
            ["awsRegion"] = settings.Provider.Region,
            ["cloudProvider"] = "aws",
            ["rbac"] = new HelmValuesBuilder { ["serviceAccount"] = new HelmValuesBuilder { ["name"] = identity.ServiceAccount } },
            ["resources"] = new HelmValuesBuilder
            {
                ["limits"] = new HelmValuesBuilder { ["memory"] = memoryLimit },
                ["requests"] = new HelmValuesBuilder { ["cpu"] = cpu, ["memory"] = memory },
            },
        }.Build();
        var chart = ChartCatalogue.ClusterAutoscaler;
        return new ClusterAddonsPlan
        {
            StorageClass = storage,
            LoadBalancerController = aws.Edge is { } edge ? LoadBalancerController(settings, cluster, edge.LoadBalancerController) : null,
            ClusterAutoscaler = new ClusterAutoscalerPlan(new HelmReleasePlan(ClusterAutoscalerRelease, chart, identity.Namespace, values), identity.ServiceAccount),
            NodeScaling = new NodeScalingPlan(
                "Cluster Autoscaler",
                $"chart {chart.Name} {chart.Version} (app 1.35.0) in {identity.Namespace}",
                $"Pod Identity role for {identity.Namespace}/{identity.ServiceAccount}: describe node groups, resize only groups tagged {CloudResourcePlanner.AutoscalerClusterTag(cluster.Name)}=owned",
                "adds nodes to a managed node group when pods are pending and removes under-used ones, each group between its min and max"),
        };
    }

    /// <summary>
    /// The AWS Load Balancer Controller for the public entry's NLB. Every key is in the pinned chart's values.yaml
    /// (../shared/charts/aws-load-balancer-controller-3.5.0); the program adds <see cref="LoadBalancerControllerPlan.VpcIdValueKey"/>.
    /// </summary>
    private static LoadBalancerControllerPlan LoadBalancerController(StackSettings settings, ClusterPlan cluster, EksAddonIdentitySpec identity)
    {
        var (cpu, memory, memoryLimit) = LoadBalancerControllerResources;
        var replicas = settings.IsProduction ? 2 : 1;
        var values = new HelmValuesBuilder
        {
            ["clusterName"] = cluster.Name,
            ["region"] = settings.Provider.Region,

            // One active controller (leader election) and a standby in production; the chart's webhooks call every
            // replica, so one lost node does not block the Services they admit.
            ["replicaCount"] = replicas,

            // The chart creates the ServiceAccount; no IRSA annotation: its role comes from the Pod Identity association.
            ["serviceAccount"] = new HelmValuesBuilder { ["create"] = true, ["name"] = identity.ServiceAccount },
            ["resources"] = new HelmValuesBuilder
            {
                ["limits"] = new HelmValuesBuilder { ["memory"] = memoryLimit },
                ["requests"] = new HelmValuesBuilder { ["cpu"] = cpu, ["memory"] = memory },
            },

            // IP targets: the NLB sends to the Envoy pods' VPC CNI addresses directly (no node port hop), which is
            // also what the gateway's Service asks for (values.yaml: "ip" for ENI-based CNIs such as the VPC CNI).
            ["defaultTargetType"] = "ip",

            // Off: the webhook would make the controller the default for every new Service of type LoadBalancer and,
            // with its failurePolicy Fail, block such Services whenever the controller is down. The gateway's Service
            // names loadBalancerClass service.k8s.aws/nlb itself, which is all the controller needs to take it.
            ["enableServiceMutatorWebhook"] = false,

            // NLBs for Services only: no ALB IngressClass, no WAF or Shield on ALBs (the role has none of their
            // permissions), and the controller's own Gateway API controllers off: Envoy Gateway owns the Gateway
            // API objects here, and those controllers discover ACM certificates the role may not read.
            ["createIngressClassResource"] = false,
            ["ingressClassParams"] = new HelmValuesBuilder { ["create"] = false },
            ["enableShield"] = false,
            ["enableWaf"] = false,
            ["enableWafv2"] = false,
            ["controllerConfig"] = new HelmValuesBuilder
            {
                ["featureGates"] = new HelmValuesBuilder { ["ALBGatewayAPI"] = false, ["NLBGatewayAPI"] = false },
            },
        };
        if (replicas > 1)
        {
            // Keeps one controller (and its webhook endpoints) up through node drains.
            values["podDisruptionBudget"] = new HelmValuesBuilder { ["maxUnavailable"] = 1 };
        }

        return new LoadBalancerControllerPlan(
            new HelmReleasePlan(LoadBalancerControllerRelease, ChartCatalogue.AwsLoadBalancerController, identity.Namespace, values.Build()),
            identity.ServiceAccount);
    }

    private static ClusterAddonsPlan PlanGcp(ClusterPlan cluster, GcpResourcePlan gcp)
    {
        // pd-balanced (GKE's standard-rwo type) with the cluster's CMEK key, as the node boot disks (NODE-05): GKE's
        // own classes would encrypt with a Google-managed key. The parameter is the PD CSI driver's
        // disk-encryption-kms-key (GKE docs, "Use customer-managed encryption keys (CMEK)"); the Compute Engine service
        // agent already holds cryptoKeyEncrypterDecrypter on the key for the boot disks. Not the default class:
        // GKE's standard-rwo is, and PVCs of the platform name this one.
        var storage = new StorageClassPlan("pd-balanced-cmek", GcePdProvisioner,
            new SortedDictionary<string, string>(StringComparer.Ordinal) { ["type"] = "pd-balanced" },
            gcp.Cluster.Key.Name, KmsKeyParameter: "disk-encryption-kms-key", IsDefault: false);
        return new ClusterAddonsPlan
        {
            StorageClass = storage,
            NodeScaling = new NodeScalingPlan(
                "GKE node-pool autoscaling",
                "run by GKE (the cluster autoscaler is part of the managed control plane)",
                "GKE's own service agent; no identity in the cluster",
                $"each node pool ({string.Join(", ", cluster.NodePools.Select(p => $"{p.Name} {p.MinNodes}-{p.MaxNodes}"))}) grows for pending pods and shrinks when under-used"),
        };
    }
}
