using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.ClusterAccess;
using OneQOrder.Platform.Planning;
using Pulumi;
using K8s = Pulumi.Kubernetes;

namespace OneQOrder.Infra.Components;

/// <summary>What both cluster components take besides their network.</summary>
public sealed class ClusterLayerArgs
{
    /// <summary>The cluster the library planned.</summary>
    public required ClusterPlan Plan { get; init; }

    /// <summary>The Kubernetes provider's planned arguments (<see cref="CloudResourcePlan.KubernetesProvider"/>).</summary>
    public required KubernetesProviderSpec KubernetesProvider { get; init; }
}

/// <summary>The cluster as the rest of the program sees it, whichever cloud it is on.</summary>
public interface ICluster
{
    /// <summary>The cluster's name.</summary>
    Output<string> ClusterName { get; }

    /// <summary>The kubeconfig (secret): endpoint, CA and the cloud's exec credential plugin; stable across runs.</summary>
    Output<string> Kubeconfig { get; }

    /// <summary>The ONE Kubernetes provider every in-cluster resource uses.</summary>
    K8s.Provider KubernetesProvider { get; }

    /// <summary>
    /// Each planned key (by its planned name) as the cloud refers to it: the KMS key ARN (EKS) or the Cloud KMS key id
    /// (GKE), which the StorageClass names.
    /// </summary>
    IReadOnlyDictionary<string, Output<string>> KeyReferences { get; }
}

/// <summary>How a cluster component turns its kubeconfig into the one Kubernetes provider.</summary>
internal static class ClusterAccess
{
    /// <summary>
    /// The provider every in-cluster resource uses, parented to the cluster component. Server-side apply (needed by
    /// kube-prometheus-stack's large CRDs); <c>clusterIdentifier</c> from the CA so only a new cluster replaces the
    /// provider (a provider replacement replaces every resource that uses it; docs/operations.md).
    /// </summary>
    public static K8s.Provider Provider(string name, Output<string> kubeconfig, Output<string> clusterIdentity,
        KubernetesProviderSpec spec, Resource parent, params Resource[] dependsOn) =>
        new($"{name}-k8s", new K8s.ProviderArgs
        {
            KubeConfig = kubeconfig,
            ClusterIdentifier = clusterIdentity,
            EnableServerSideApply = true,
            DeleteUnreachable = spec.DeleteUnreachable,
        }, new CustomResourceOptions { Parent = parent, DependsOn = dependsOn });

    /// <summary>Explicit timeouts for slow cluster operations, so a long but healthy operation is not abandoned.</summary>
    public static CustomTimeouts Timeouts(int create, int update, int delete) => new()
    {
        Create = TimeSpan.FromMinutes(create),
        Update = TimeSpan.FromMinutes(update),
        Delete = TimeSpan.FromMinutes(delete),
    };

    /// <summary>The kubeconfig and the cluster identity, from the cluster's endpoint and CA, in one Apply.</summary>
    public static (Output<string> Kubeconfig, Output<string> Identity) Kubeconfig(
        Output<string> endpoint, Output<string> certificateAuthority, string clusterName, Func<string, string, string> build)
    {
        var both = Output.Tuple(endpoint, certificateAuthority).Apply(t =>
            (Config: build(t.Item1, t.Item2), Identity: KubeconfigBuilder.ClusterIdentity(clusterName, t.Item2)));
        return (Output.CreateSecret(both.Apply(b => b.Config)), both.Apply(b => b.Identity));
    }
}
