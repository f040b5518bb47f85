
namespace OneQOrder.Platform.Rendering;

/// <summary>A pinned Helm chart: name, exact version and the repository that serves it.</summary>
/// <param name="Name">Chart name in its repository.</param>
/// <param name="Version">Exact chart version; never a range.</param>
/// <param name="Repository">Helm repository URL.</param>
public sealed record HelmChart(string Name, string Version, string Repository)
{
    /// <summary>The repository is an OCI registry (<c>oci://…</c>): the chart is pulled as <c>&lt;repository&gt;/&lt;name&gt;</c>, not from an index.</summary>
    public bool IsOci => Repository.StartsWith("oci://", StringComparison.Ordinal);
}

/// <summary>A Helm release to install: which chart, where, with which values.</summary>
/// <param name="Name">Release name.</param>
/// <param name="Chart">The pinned chart (from <see cref="ChartCatalogue"/>).</param>
/// <param name="Namespace">Target namespace (created beforehand from a rendered manifest, never by Helm).</param>
/// <param name="Values">The values as a typed map.</param>
public sealed record HelmReleasePlan(string Name, HelmChart Chart, string Namespace, HelmValues Values)
{
    /// <summary>
    /// The rendered values file (YAML, deterministic): what the plan command writes and what Pulumi passes to Helm.
    /// Rendered when read, not when the plan is built: the plan's report does not show it, and rendering is most of a
    /// cold <c>plan</c> run (docs/plan-command.md, "Startup time").
    /// </summary>
    public string ValuesYaml => Values.ToYaml();
}

/// <summary>A rendered file of one or more Kubernetes objects (multi-document YAML), applied as is.</summary>
/// <param name="FileName">File name under <c>plan --out</c>, e.g. <c>namespaces/pg.yaml</c>.</param>
/// <param name="Render">Renders the file from typed objects; called by <see cref="Yaml"/>.</param>
public sealed record RenderedManifest(string FileName, Func<string> Render)
{
    /// <summary>
    /// The YAML documents. Rendered when read, not when the plan is built, for the same reason as
    /// <see cref="HelmReleasePlan.ValuesYaml"/>; the objects are immutable once planned, so every read gives the same text.
    /// </summary>
    public string Yaml => Render();

    /// <summary>Two manifests are equal when they render the same file: name and text (the delegate is how, not what).</summary>
    public bool Equals(RenderedManifest? other) =>
        other is not null && FileName == other.FileName && Yaml == other.Yaml;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FileName, Yaml);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"FileName = {FileName}, Yaml = {Yaml}");
        return true;
    }
}

/// <summary>
/// The one catalogue of pinned charts and upstream artefacts (STYLE.md rule 10). Bumping a version is a one-line
/// change here, visible in the golden files.
/// </summary>
public static class ChartCatalogue
{
    /// <summary>Linkerd's open-source releases are edge releases; chart versions are <c>YYYY.M.N</c> (DESIGN.md).</summary>
    public const string LinkerdEdgeRepository = "https://helm.linkerd.io/edge";

    public const string LinkerdVersion = "2026.8.3";

    public static HelmChart LinkerdCrds { get; } = new("linkerd-crds", LinkerdVersion, LinkerdEdgeRepository);

    public static HelmChart LinkerdCni { get; } = new("linkerd2-cni", LinkerdVersion, LinkerdEdgeRepository);

    public static HelmChart LinkerdControlPlane { get; } = new("linkerd-control-plane", LinkerdVersion, LinkerdEdgeRepository);

    public static HelmChart LinkerdViz { get; } = new("linkerd-viz", LinkerdVersion, LinkerdEdgeRepository);

    /// <summary>
    /// The EKS node autoscaler (kubernetes/autoscaler <c>cluster-autoscaler/charts/cluster-autoscaler</c>, app 1.35.0;
    /// defaults in ../shared/charts/cluster-autoscaler-9.59.0). Installed on EKS only: GKE autoscales node pools itself.
    /// </summary>
    public static HelmChart ClusterAutoscaler { get; } =
        new("cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler");

    /// <summary>
    /// The AWS Load Balancer Controller (aws/eks-charts <c>stable/aws-load-balancer-controller</c>, app v3.5.0; defaults
    /// in ../shared/charts/aws-load-balancer-controller-3.5.0): provisions the public entry's NLB on EKS (issue 12).
    /// </summary>
    public static HelmChart AwsLoadBalancerController { get; } =
        new("aws-load-balancer-controller", "3.5.0", "https://aws.github.io/eks-charts");

    public static HelmChart KubePrometheusStack { get; } =
        new("kube-prometheus-stack", "88.5.3", "https://prometheus-community.github.io/helm-charts");

    /// <summary>
    /// Envoy Gateway, the Gateway API implementation of the public entry (issue 12; docs/edge.md). Published only as an
    /// OCI chart (gateway-helm SOURCE.txt: oci://docker.io/envoyproxy/gateway-helm); the tag carries the <c>v</c>.
    /// Defaults in ../shared/charts/gateway-helm-v1.9.0.
    /// </summary>
    public static HelmChart EnvoyGateway { get; } = new("gateway-helm", "v1.9.0", "oci://docker.io/envoyproxy");

    /// <summary>cert-manager (jetstack chart repository; cert-manager.io/docs/installation/helm). Defaults in ../shared/charts/cert-manager-v1.21.1.</summary>
    public static HelmChart CertManager { get; } = new("cert-manager", "v1.21.1", "https://charts.jetstack.io");

    /// <summary>external-dns (kubernetes-sigs/external-dns charts/external-dns, app 0.21.0). Defaults in ../shared/charts/external-dns-1.21.1.</summary>
    public static HelmChart ExternalDns { get; } = new("external-dns", "1.21.1", "https://kubernetes-sigs.github.io/external-dns/");
}
