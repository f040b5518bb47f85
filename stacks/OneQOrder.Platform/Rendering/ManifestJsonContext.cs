using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Rendering;

/// <summary>
/// Source-generated System.Text.Json metadata for everything <see cref="ManifestYaml"/> renders: the KubernetesClient
/// models, the CRD records of this library and the Helm values maps with the leaf types they hold. Reflection-based
/// serialization built this metadata at run time on every <c>plan</c> run, and <see cref="KubernetesJson"/> first
/// consults KubernetesClient's own context of about a thousand types; both were most of the first rendered file's
/// cost (docs/plan-command.md, "Startup time"). The options are those of <see cref="KubernetesJson"/> (camelCase,
/// nulls left out, its date and time converters), which are also the options the records were serialised with, so
/// the output is unchanged. A type missing here fails loudly (NotSupportedException) instead of slowing down; the
/// golden files render every kind. The plan's objects are frozen with it too (<see cref="FrozenManifest"/>), so it also
/// lists the kinds the guardrail checks read that no planner renders yet (workloads, RBAC, Service, Ingress): evidence a
/// test adds is frozen like the planned objects.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [
        typeof(KubernetesJson.Iso8601TimeSpanConverter),
        typeof(KubernetesJson.KubernetesDateTimeConverter),
        typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(V1ResourceQuota))]
[JsonSerializable(typeof(V1LimitRange))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(LinkerdServer))]
[JsonSerializable(typeof(AuthorizationPolicy))]
[JsonSerializable(typeof(MeshTlsAuthentication))]
[JsonSerializable(typeof(NetworkAuthentication))]
[JsonSerializable(typeof(PodMonitor))]
[JsonSerializable(typeof(PrometheusRule))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(GatewayClass))]
[JsonSerializable(typeof(Gateway))]
[JsonSerializable(typeof(HttpRoute))]
[JsonSerializable(typeof(EnvoyProxy))]
[JsonSerializable(typeof(ClientTrafficPolicy))]
[JsonSerializable(typeof(BackendTrafficPolicy))]
[JsonSerializable(typeof(ClusterIssuer))]
[JsonSerializable(typeof(Certificate))]
[JsonSerializable(typeof(HelmValues))]

// Kinds the guardrail checks read (workloads, RBAC, exposure), so evidence that holds them can be frozen.
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1DaemonSet))]
[JsonSerializable(typeof(V1ReplicaSet))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1CronJob))]
[JsonSerializable(typeof(V1Role))]
[JsonSerializable(typeof(V1RoleBinding))]
[JsonSerializable(typeof(V1ClusterRole))]
[JsonSerializable(typeof(V1ClusterRoleBinding))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1Ingress))]

// What an `object`-typed slot (Helm values) may hold at run time.
[JsonSerializable(typeof(List<object>))]
[JsonSerializable(typeof(ValueList<object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
