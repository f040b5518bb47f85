using System.Reflection;
using k8s;
using k8s.Models;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// A custom resource record of this library (Linkerd policy, PodMonitor): read-only apiVersion, kind and metadata, the
/// part KubernetesClient's <see cref="IKubernetesObject{TMetadata}"/> gives its own models with setters.
/// </summary>
public interface ICustomResource
{
    string ApiVersion { get; }

    string Kind { get; }

    V1ObjectMeta Metadata { get; }
}

/// <summary>Kind and metadata of any object the layer renders, typed model or custom resource record, without rendering it.</summary>
public static class ManifestObjects
{
    /// <summary>The object's <c>kind</c>; for a KubernetesClient model whose <c>Kind</c> was left unset, the kind its type stands for.</summary>
    public static string Kind(object manifest) => manifest switch
    {
        IKubernetesObject<V1ObjectMeta> k => k.Kind ?? k.GetType().GetCustomAttribute<KubernetesEntityAttribute>()?.Kind ?? k.GetType().Name,
        ICustomResource c => c.Kind,
        _ => throw new NotSupportedException($"{manifest?.GetType()} is not a Kubernetes object"),
    };

    /// <summary>The object's <c>metadata</c>.</summary>
    public static V1ObjectMeta Metadata(object manifest) => manifest switch
    {
        IKubernetesObject<V1ObjectMeta> k => k.Metadata,
        ICustomResource c => c.Metadata,
        _ => throw new NotSupportedException($"{manifest?.GetType()} is not a Kubernetes object"),
    };

    /// <summary>Kubernetes' cluster-scoped kinds among those a layer could render (everything else is namespaced).</summary>
    public static bool IsClusterScoped(object manifest) =>
        Kind(manifest) is "Namespace" or "ClusterRole" or "ClusterRoleBinding" or "CustomResourceDefinition"
            or "MutatingWebhookConfiguration" or "ValidatingWebhookConfiguration" or "PriorityClass" or "StorageClass"
            or "GatewayClass" or "ClusterIssuer";
}
