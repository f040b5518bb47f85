using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Infra.Tests.Programs;

/// <summary>The program applies the planned preview RBAC: read verbs only, the planned kinds, Secrets per namespace, the previewers bound.</summary>
public sealed class PreviewReaderTests
{
    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task The_preview_roles_read_exactly_the_planned_kinds_and_write_nothing(string stack)
    {
        // Arrange
        var config = StackConfig.Committed(stack);
        var plan = MockDeployment.PlanOf(config).PreviewAccess;

        // Act
        var result = await MockDeployment.RunAsync(config);

        // Assert: the ClusterRole's rules are the planned (group, resource) pairs, with read verbs only.
        var clusterRole = result.Single("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
        var rules = (IReadOnlyList<object>)clusterRole.Input("rules");
        var granted = rules.Cast<IDictionary<string, object>>()
            .SelectMany(r => ((IReadOnlyList<object>)r["resources"]).Select(res => new RbacRule((string)((IReadOnlyList<object>)r["apiGroups"])[0], (string)res)))
            .ToList();
        Assert.Equal(plan.ClusterRules.Select(r => r.ToString()).Order(StringComparer.Ordinal), granted.Select(r => r.ToString()).Order(StringComparer.Ordinal));
        var verbs = rules.Cast<IDictionary<string, object>>().SelectMany(r => (IReadOnlyList<object>)r["verbs"]).Cast<string>().Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["get", "list", "watch"], verbs);

        // Secrets: one Role per planned namespace, nothing cluster-wide.
        var roles = result.OfType("kubernetes:rbac.authorization.k8s.io/v1:Role");
        Assert.Equal(plan.SecretNamespaces, roles.Select(r => (string)r.At("metadata.namespace")!).Order(StringComparer.Ordinal));
        Assert.All(roles, r => Assert.Equal("secrets", r.At("rules.0.resources.0")));
        Assert.DoesNotContain(granted, r => r.Resource == "secrets");

        // Bound to the previewers, by group (EKS access entry) or by email (GKE).
        var subject = Assert.Single(plan.Subjects);
        foreach (var binding in result.OfType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
                     .Concat(result.OfType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")))
        {
            Assert.Equal(subject.Kind, binding.At("subjects.0.kind"));
            Assert.Equal(subject.Name, binding.At("subjects.0.name"));
        }
    }
}
