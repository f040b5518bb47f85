using OneQOrder.Platform.Planning;
using Pulumi;
using Pulumi.Kubernetes.Rbac.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="PreviewReader"/>.</summary>
public sealed class PreviewReaderArgs
{
    /// <summary>The planned rules and subjects (<see cref="PreviewAccessPlanner"/>).</summary>
    public required PreviewAccessPlan Plan { get; init; }

    /// <summary>The provider of the cluster; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }
}

/// <summary>
/// What the preview identities (<c>cluster.previewers</c>) may read inside the cluster, so <c>pulumi preview
/// --refresh</c> works once the cluster exists: a ClusterRole with read verbs on exactly the kinds the stack manages,
/// and a Role per namespace for the Secrets refresh reads (Helm release records, the Grafana admin Secret), each bound
/// to the previewers. Typed resources (the strict schemas of ../shared hold no ClusterRole), from the library's plan.
/// Nothing is created when the stack lists no previewers.
/// </summary>
/// <remarks>
/// Created after the mesh and monitoring components (the program's DependsOn): the Secret namespaces exist then. The
/// admins (AmazonEKSClusterAdminPolicy / roles/container.admin) need nothing here.
/// </remarks>
public sealed class PreviewReader : ComponentResource
{
    public PreviewReader(string name, PreviewReaderArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:PreviewReader", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;
        var child = new CustomResourceOptions { Parent = this, Provider = args.Provider };
        if (plan.Subjects.Count > 0)
        {
            var role = new ClusterRole($"{name}-cluster-role", new ClusterRoleArgs
            {
                Metadata = new ObjectMetaArgs { Name = plan.Name },
                Rules = plan.ClusterRules
                    .GroupBy(r => r.ApiGroup, StringComparer.Ordinal)
                    .Select(g => new PolicyRuleArgs { ApiGroups = { g.Key }, Resources = g.Select(r => r.Resource).ToList(), Verbs = RbacRule.ReadVerbs.ToList() })
                    .ToList(),
            }, child);
            _ = new ClusterRoleBinding($"{name}-cluster-role-binding", new ClusterRoleBindingArgs
            {
                Metadata = new ObjectMetaArgs { Name = plan.Name },
                RoleRef = new RoleRefArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role.Metadata.Apply(m => m.Name) },
                Subjects = Subjects(plan),
            }, child);

            foreach (var ns in plan.SecretNamespaces)
            {
                var secrets = new Role($"{name}-secrets-{ns}", new RoleArgs
                {
                    Metadata = new ObjectMetaArgs { Name = plan.Name, Namespace = ns },
                    Rules = { new PolicyRuleArgs { ApiGroups = { string.Empty }, Resources = { "secrets" }, Verbs = RbacRule.ReadVerbs.ToList() } },
                }, child);
                _ = new RoleBinding($"{name}-secrets-{ns}-binding", new RoleBindingArgs
                {
                    Metadata = new ObjectMetaArgs { Name = plan.Name, Namespace = ns },
                    RoleRef = new RoleRefArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = secrets.Metadata.Apply(m => m.Name) },
                    Subjects = Subjects(plan),
                }, child);
            }
        }

        RegisterOutputs();
    }

    private static InputList<SubjectArgs> Subjects(PreviewAccessPlan plan) =>
        plan.Subjects.Select(s => new SubjectArgs { ApiGroup = "rbac.authorization.k8s.io", Kind = s.Kind, Name = s.Name }).ToList();
}
