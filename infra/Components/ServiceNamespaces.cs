using System.Collections.Immutable;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;
using YamlDotNet.RepresentationModel;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="ServiceNamespaces"/>.</summary>
public sealed class ServiceNamespacesArgs
{
    /// <summary>One rendered file per service (<c>namespaces/&lt;service&gt;.yaml</c>): namespace, quota, limits, NetworkPolicies, Linkerd policy.</summary>
    public required IReadOnlyList<RenderedManifest> Manifests { get; init; }

    /// <summary>The provider of the cluster; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }
}

/// <summary>
/// The five service namespaces, each applied from exactly the file the <c>plan</c> command writes.
/// </summary>
/// <remarks>
/// The files hold Linkerd policy objects (<c>Server</c>, <c>AuthorizationPolicy</c>, …) and may hold monitoring CRs, so
/// they can only be applied once the mesh and monitoring CRDs exist. The program passes
/// <c>DependsOn = { mesh, monitoring }</c> to this component: Pulumi registers a child only after its parent's URN is
/// known, and a component's registration waits for every custom resource (and remote component) its
/// <c>DependsOn</c> components parent (pulumi-dotnet Deployment_Prepare, GetAllTransitivelyReferencedResources), so
/// every group here starts after the last mesh and monitoring release is installed.
/// </remarks>
public sealed class ServiceNamespaces : ComponentResource
{
    /// <summary>The names of the namespaces the files create, in file order.</summary>
    [Output("namespaces")]
    public Output<ImmutableArray<string>> Namespaces { get; }

    public ServiceNamespaces(string name, ServiceNamespacesArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:ServiceNamespaces", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);

        var names = new List<string>();
        foreach (var manifest in args.Manifests)
        {
            // Named after the file (namespaces/pg.yaml → services-pg): stable as long as the file name is, and the
            // group name prefixes its objects' names, so the groups never collide.
            _ = new ConfigGroup($"{name}-{Path.GetFileNameWithoutExtension(manifest.FileName)}", new ConfigGroupArgs
            {
                Yaml = manifest.Yaml,
            }, new ComponentResourceOptions { Parent = this, Provider = args.Provider });
            names.AddRange(NamespacesIn(manifest.Yaml));
        }

        // Plan-time names, known before anything is applied.
        Namespaces = Output.Create(names.ToImmutableArray());
        RegisterOutputs(new Dictionary<string, object?> { ["namespaces"] = Namespaces });
    }

    /// <summary>The <c>metadata.name</c> of every <c>v1 Namespace</c> document in a multi-document YAML file.</summary>
    internal static IReadOnlyList<string> NamespacesIn(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Where(root => Scalar(root, "apiVersion") == "v1" && Scalar(root, "kind") == "Namespace")
            .Select(root => root.Children.TryGetValue(new YamlScalarNode("metadata"), out var meta) && meta is YamlMappingNode metadata
                ? Scalar(metadata, "name")
                : null)
            .OfType<string>()
            .ToList();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
