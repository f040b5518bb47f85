using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneQOrder.Platform.ClusterAccess;

/// <summary>
/// Builds the stack's kubeconfig from typed objects. It holds only what identifies the cluster (endpoint, CA) and an
/// exec credential plugin that fetches a short-lived token when used (<c>aws eks get-token</c>,
/// <c>gke-gcloud-auth-plugin</c>): no token, no timestamp, so it is identical on every run and the Kubernetes provider
/// built from it never sees a spurious change. kubectl and the provider accept JSON kubeconfig (YAML is a superset).
/// Why not KubernetesClient's <c>k8s.KubeConfigModels</c>: its <c>ExternalExecution</c> (21.0.8) has no
/// <c>interactiveMode</c>, which must be <c>Never</c> so a CI run fails instead of waiting on a prompt, and it writes
/// empty impersonation and TLS-skip fields the kubeconfig does not need.
/// </summary>
public static class KubeconfigBuilder
{
    /// <summary>The exec credential API both plugins speak (Kubernetes client-go credential plugins).</summary>
    public const string ExecApiVersion = "client.authentication.k8s.io/v1beta1";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>
    /// EKS: the AWS CLI's token generator (EKS user guide, "Create a kubeconfig file"). The region is pinned so the
    /// command does not depend on the caller's default region.
    /// </summary>
    public static string ForEks(string clusterName, string region, string endpoint, string certificateAuthorityData) =>
        Build(clusterName, endpoint, certificateAuthorityData, new ExecConfig(
            ExecApiVersion,
            "aws",
            ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
            InstallHint: "Install the AWS CLI v2 (https://docs.aws.amazon.com/cli/) and sign in to the stack's account.",
            ProvideClusterInfo: false));

    /// <summary>
    /// GKE: the gke-gcloud-auth-plugin that replaced the built-in gcp auth provider in Kubernetes 1.26 (GKE docs,
    /// "Install kubectl and configure cluster access"). GKE returns the endpoint as a bare IP address.
    /// </summary>
    public static string ForGke(string clusterName, string endpoint, string certificateAuthorityData) =>
        Build(clusterName, endpoint.StartsWith("https://", StringComparison.Ordinal) ? endpoint : $"https://{endpoint}",
            certificateAuthorityData, GkeExec);

    /// <summary>
    /// GKE through the cluster's DNS-based control-plane endpoint (<c>gke-….gke.goog</c>), which is how CI reaches a
    /// cluster with no public IP endpoint: every request is authorized by IAM (<c>container.clusters.connect</c>), not by
    /// its source address (GKE docs, "About network isolation in GKE": DNS-based endpoint). The endpoint presents a
    /// publicly trusted certificate, so the kubeconfig carries no cluster CA (with it, TLS verification would fail); it
    /// is what <c>gcloud container clusters get-credentials --dns-endpoint</c> writes.
    /// </summary>
    public static string ForGkeDns(string clusterName, string dnsEndpoint) =>
        Build(clusterName, dnsEndpoint.StartsWith("https://", StringComparison.Ordinal) ? dnsEndpoint : $"https://{dnsEndpoint}",
            null, GkeExec);

    /// <summary>The gke-gcloud-auth-plugin exec credential, for both GKE endpoints.</summary>
    private static ExecConfig GkeExec => new(
        ExecApiVersion,
        "gke-gcloud-auth-plugin",
        [],
        InstallHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
        ProvideClusterInfo: true);

    /// <summary>
    /// A short, stable identity for the cluster behind a kubeconfig: a hash of its CA certificate. A cluster that is
    /// replaced gets a new CA, so the Kubernetes provider is replaced with it; an endpoint switch (public to private)
    /// keeps the CA, so it is an update and no in-cluster resource is replaced.
    /// </summary>
    public static string ClusterIdentity(string clusterName, string certificateAuthorityData)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(certificateAuthorityData));
        return $"{clusterName}-{Convert.ToHexStringLower(hash)[..16]}";
    }

    private static string Build(string name, string endpoint, string? certificateAuthorityData, ExecConfig exec)
    {
        var config = new Kubeconfig(
            "v1",
            "Config",
            [new NamedCluster(name, new ClusterEntry(endpoint, certificateAuthorityData))],
            [new NamedContext(name, new ContextEntry(name, name))],
            name,
            [new NamedUser(name, new UserEntry(exec))]);
        return JsonSerializer.Serialize(config, Json);
    }

    private sealed record Kubeconfig(
        [property: JsonPropertyName("apiVersion")] string ApiVersion,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("clusters")] IReadOnlyList<NamedCluster> Clusters,
        [property: JsonPropertyName("contexts")] IReadOnlyList<NamedContext> Contexts,
        [property: JsonPropertyName("current-context")] string CurrentContext,
        [property: JsonPropertyName("users")] IReadOnlyList<NamedUser> Users);

    private sealed record NamedCluster(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("cluster")] ClusterEntry Cluster);

    private sealed record ClusterEntry(
        [property: JsonPropertyName("server")] string Server,
        [property: JsonPropertyName("certificate-authority-data")] string? CertificateAuthorityData);

    private sealed record NamedContext(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("context")] ContextEntry Context);

    private sealed record ContextEntry(
        [property: JsonPropertyName("cluster")] string Cluster,
        [property: JsonPropertyName("user")] string User);

    private sealed record NamedUser(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("user")] UserEntry User);

    private sealed record UserEntry(
        [property: JsonPropertyName("exec")] ExecConfig Exec);

    /// <summary>client-go ExecConfig; interactiveMode Never so CI never waits on a prompt.</summary>
    private sealed record ExecConfig(
        [property: JsonPropertyName("apiVersion")] string ApiVersion,
        [property: JsonPropertyName("command")] string Command,
        [property: JsonPropertyName("args")] IReadOnlyList<string> Args,
        [property: JsonPropertyName("installHint")] string InstallHint,
        [property: JsonPropertyName("provideClusterInfo")] bool ProvideClusterInfo,
        [property: JsonPropertyName("interactiveMode")] string InteractiveMode = "Never");
}
