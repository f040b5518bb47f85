using k8s.Models;

namespace OneQOrder.Platform.Rendering;

/// <summary>Pod Security Admission labels for one namespace: the enforced level and what audit and warn report.</summary>
/// <param name="Enforce">The level admission enforces (<c>restricted</c>, <c>baseline</c>, <c>privileged</c>).</param>
/// <param name="AuditAndWarn">The level audited and warned about; stricter than <paramref name="Enforce"/> where a namespace holds a documented exception, so drift stays visible.</param>
/// <param name="Version">The pinned policy version, e.g. <c>v1.33</c>: a cluster upgrade does not silently change what is enforced.</param>
public sealed record PodSecurity(string Enforce, string AuditAndWarn, string Version)
{
    /// <summary>The PSA version pinned for a cluster's <c>major.minor</c> Kubernetes version.</summary>
    public static string VersionOf(string kubernetesVersion) => "v" + kubernetesVersion;

    /// <summary>The six <c>pod-security.kubernetes.io/*</c> labels.</summary>
    public IEnumerable<KeyValuePair<string, string>> Labels()
    {
        const string prefix = "pod-security.kubernetes.io/";
        yield return new(prefix + "audit", AuditAndWarn);
        yield return new(prefix + "audit-version", Version);
        yield return new(prefix + "enforce", Enforce);
        yield return new(prefix + "enforce-version", Version);
        yield return new(prefix + "warn", AuditAndWarn);
        yield return new(prefix + "warn-version", Version);
    }
}

/// <summary>Builders for the built-in kinds the layer renders: every object gets apiVersion, kind and sorted labels.</summary>
public static class KubeObjects
{
    /// <summary>The label every rendered object carries, so <c>kubectl get -l</c> finds what the platform owns.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByLabel"/>: the Pulumi project.</summary>
    public const string ManagedBy = Settings.StackDefaults.Project;

    public static V1ObjectMeta Meta(string name, string? ns = null, IEnumerable<KeyValuePair<string, string>>? labels = null, IEnumerable<KeyValuePair<string, string>>? annotations = null)
    {
        var allLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ManagedByLabel] = ManagedBy };
        foreach (var (k, v) in labels ?? [])
        {
            allLabels[k] = v;
        }

        var allAnnotations = annotations is null ? null : new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal);
        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = allLabels,
            Annotations = allAnnotations is { Count: > 0 } ? allAnnotations : null,
        };
    }

    public static V1Namespace Namespace(string name, PodSecurity podSecurity, IEnumerable<KeyValuePair<string, string>>? labels = null, IEnumerable<KeyValuePair<string, string>>? annotations = null) =>
        new()
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = Meta(name, null, podSecurity.Labels().Concat(labels ?? []), annotations),
        };

    public static V1ServiceAccount ServiceAccount(string name, string ns, IEnumerable<KeyValuePair<string, string>>? annotations = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta(name, ns, annotations: annotations),

        // KB-EKS 4.1.5/4.1.6, KB-GKE 4.1.4/4.1.5: no API token unless a pod asks for one. The Linkerd proxy does not
        // need it: identity uses its own projected token (chart value identity.serviceAccountTokenProjection: true).
        AutomountServiceAccountToken = false,
    };

    /// <summary>A label selector matching one namespace by its API-server-set name label.</summary>
    public static V1LabelSelector NamespaceNamed(string ns) => new()
    {
        MatchLabels = new SortedDictionary<string, string>(StringComparer.Ordinal) { [PlatformNamespaces.NameLabel] = ns },
    };

    /// <summary>The empty selector: every pod of the namespace.</summary>
    public static V1LabelSelector AllPods() => new();
}
