using OneQOrder.Platform.ClusterAccess;
using OneQOrder.Platform.Settings;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Planning;

/// <summary>One RBAC rule: read verbs on one resource of one API group.</summary>
/// <param name="ApiGroup">The API group (empty for the core group).</param>
/// <param name="Resource">The resource, the kind's plural as the API serves it (<c>networkpolicies</c>).</param>
public sealed record RbacRule(string ApiGroup, string Resource)
{
    /// <summary>
    /// What <c>pulumi refresh</c> (and <c>preview --refresh</c>) needs: read an object by name, and list/watch it (the
    /// Kubernetes provider and Helm look objects up by label selector). Never create, update, patch or delete.
    /// </summary>
    public static IReadOnlyList<string> ReadVerbs { get; } = ValueList.From<string>(["get", "list", "watch"]);
}

/// <summary>An RBAC subject: a user (GKE: an account's email) or a group (EKS: an access entry's Kubernetes group).</summary>
public sealed record RbacSubject(string Kind, string Name);

/// <summary>
/// The read-only access the preview identities (<c>cluster.previewers</c>) get inside the cluster: exactly the kinds the
/// stack manages, computed from the objects the plan renders and the resources the program applies besides them, plus
/// the Secrets refresh reads, and no write verb. A ClusterRole for the kinds (cluster-wide: Namespaces and CRDs are
/// cluster-scoped, and the namespaced kinds live in many namespaces), and one Role per namespace for Secrets, which
/// only the namespaces holding Helm release records and the Grafana admin Secret grant.
/// </summary>
/// <remarks>
/// Why Secrets: Helm keeps each release's record in a Secret <c>sh.helm.release.v1.&lt;release&gt;.v&lt;revision&gt;</c>
/// in the release's namespace (Helm docs, "Helm 3: storage driver", default <c>secret</c>), which the Kubernetes
/// provider's <c>helm.sh/v3:Release</c> reads to refresh a release; and the program manages the Grafana admin Secret
/// itself. EKS's <c>AmazonEKSViewPolicy</c> and Kubernetes' <c>view</c> ClusterRole exclude Secrets (Kubernetes docs,
/// "Using RBAC Authorization", user-facing roles: view "does not allow viewing Secrets"), so a preview with them fails
/// with Forbidden once the cluster exists.
/// </remarks>
public sealed record PreviewAccessPlan
{
    /// <summary>The ClusterRole and ClusterRoleBinding name (and the Roles' and RoleBindings' in each Secret namespace).</summary>
    public string Name { get; } = PreviewAccess.ClusterRoleName;

    /// <summary>The kinds the stack manages, each readable cluster-wide; Secrets are not among them.</summary>
    public required IReadOnlyList<RbacRule> ClusterRules { get => field; init => field = ValueList.From(value); }

    /// <summary>The namespaces whose Secrets refresh reads (Helm release records, the Grafana admin Secret).</summary>
    public required IReadOnlyList<string> SecretNamespaces { get => field; init => field = ValueList.From(value); }

    /// <summary>Who is bound: empty when the stack lists no previewers (then nothing is created).</summary>
    public required IReadOnlyList<RbacSubject> Subjects { get => field; init => field = ValueList.From(value); }
}

/// <summary>Builds the <see cref="PreviewAccessPlan"/> of a platform plan.</summary>
public static class PreviewAccessPlanner
{
    /// <summary>The API group and resource of a CustomResourceDefinition: the program applies CRDs from upstream URLs.</summary>
    public static readonly RbacRule CustomResourceDefinitions = new("apiextensions.k8s.io", "customresourcedefinitions");

    /// <summary>The plan's preview access.</summary>
    public static PreviewAccessPlan Plan(PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var kinds = ManagedKinds(plan).Where(k => !(k.ApiGroup.Length == 0 && k.Resource == "secrets")).ToList();
        List<RbacRule> rules = [.. kinds.Distinct().OrderBy(r => r.ApiGroup, StringComparer.Ordinal).ThenBy(r => r.Resource, StringComparer.Ordinal)];
        List<string> secretNamespaces =
        [
            .. plan.Mesh.Releases.Select(r => r.Namespace)
                .Append(plan.Monitoring.Release.Namespace)
                .Concat(plan.Edge?.Releases.Select(r => r.Namespace) ?? [])
                .Append(plan.Monitoring.Namespace) // the Grafana admin Secret
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
        return new PreviewAccessPlan { ClusterRules = rules, SecretNamespaces = secretNamespaces, Subjects = Subjects(plan.Settings) };
    }

    /// <summary>
    /// Every kind the stack applies: the objects of every rendered manifest file (Helm values files excluded), and the
    /// CustomResourceDefinitions the program applies from upstream URLs (Gateway API, Prometheus Operator).
    /// </summary>
    public static IReadOnlyList<RbacRule> ManagedKinds(PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        List<RbacRule> kinds = [];
        foreach (var file in LayerOutput.Files(plan).Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal)))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(file.Yaml));
            foreach (var document in yaml.Documents)
            {
                if (document.RootNode is YamlMappingNode root
                    && root.Children.TryGetValue("apiVersion", out var apiVersion)
                    && root.Children.TryGetValue("kind", out var kind))
                {
                    var version = ((YamlScalarNode)apiVersion).Value!;
                    var group = version.Contains('/', StringComparison.Ordinal) ? version.Split('/')[0] : string.Empty;
                    kinds.Add(new RbacRule(group, Plural(((YamlScalarNode)kind).Value!)));
                }
            }
        }

        if (plan.Monitoring.CrdUrls.Count > 0 || plan.Mesh.GatewayApiCrdsUrl.Length > 0 || plan.Edge?.CrdUrls.Count > 0)
        {
            kinds.Add(CustomResourceDefinitions);
        }

        return kinds;
    }

    /// <summary>
    /// A kind's resource name as the API serves it, for the kinds whose CRDs and built-in types follow the regular
    /// English plural the API machinery uses (k8s.io/gengo namer: <c>y</c> after a consonant → <c>ies</c>, <c>s</c>,
    /// <c>x</c>, <c>ch</c>, <c>sh</c> → <c>es</c>, otherwise <c>s</c>), lower-cased.
    /// </summary>
    public static string Plural(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var lower = kind.ToLowerInvariant();
        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
        {
            return lower[..^1] + "ies";
        }

        return lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal)
            ? lower + "es"
            : lower + "s";
    }

    /// <summary>
    /// EKS: the previewers' access entries map them into <see cref="PreviewAccess.Group"/>. GKE: each IAM member is an
    /// RBAC user (accounts, by email) or group (Google Groups for RBAC).
    /// </summary>
    private static List<RbacSubject> Subjects(StackSettings settings)
    {
        if (settings.Cluster.Previewers.Count == 0)
        {
            return [];
        }

        return settings.Cloud == Cloud.Aws
            ? [new RbacSubject("Group", PreviewAccess.Group)]
            : [.. settings.Cluster.Previewers.Select(member => member.Split(':', 2) switch
            {
                ["group", var email] => new RbacSubject("Group", email),
                [_, var email] => new RbacSubject("User", email),
                _ => new RbacSubject("User", member),
            })];
    }
}
