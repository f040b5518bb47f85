using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tenants;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Tenants;

public sealed class TenantCatalogueTests
{
    [Fact]
    public void Callers_and_callees_follow_the_declared_calls()
    {
        var tenants = TenantCatalogue.From(Repository.Stack("prod"));

        Assert.Equal(["appcard", "pg"], tenants.CallersOf("card").Select(t => t.Name));
        Assert.Equal(["appcard", "bank", "card"], tenants.CalleesOf("pg").Select(t => t.Name));
        Assert.Empty(tenants.CallersOf("oneq-order"));
        Assert.Empty(tenants.CalleesOf("bank"));
    }

    [Fact]
    public void A_tenant_derives_namespace_service_account_and_mesh_identity_from_its_name()
    {
        var card = TenantCatalogue.From(Repository.Stack("dev"))["card"];

        Assert.Equal("card", card.Namespace);
        Assert.Equal("card", card.ServiceAccount);
        Assert.Equal("card.card.serviceaccount.identity.linkerd.cluster.local", card.MeshIdentity);
    }

    [Fact]
    public void A_sixth_service_and_its_call_are_one_config_entry_each()
    {
        // Arrange
        var settings = StackConfiguration.LoadOrThrow(Config.FromYaml("dev", Config.MinimalGcp + """

            oneq-order-infra:services:
              - { name: oneq-order, port: 8080, public: true }
              - { name: pg, port: 8080 }
              - { name: appcard, port: 8080, public: true }
              - { name: card, port: 8080 }
              - { name: bank, port: 8080 }
              - { name: points, port: 9000, quota: { cpu: "1", memory: 1Gi, pods: 5 } }
            oneq-order-infra:calls:
              - { from: oneq-order, to: pg }
              - { from: pg, to: card }
              - { from: pg, to: appcard }
              - { from: pg, to: bank }
              - { from: appcard, to: card }
              - { from: card, to: bank }
              - { from: pg, to: points }
            """));

        // Act
        var plan = PlatformPlanner.Build(settings);

        // Assert
        Assert.Contains(plan.ServiceNamespaces, f => f.FileName == "namespaces/points.yaml");
        Assert.Equal(["pg"], plan.Tenants.CallersOf("points").Select(t => t.Name));
        Assert.Equal("1", plan.Tenants["points"].Quota.Cpu);
        var points = RenderedDocuments(plan, "points");
        Assert.Contains("port: 9000", points, StringComparison.Ordinal);
        Assert.Contains("pg.pg.serviceaccount.identity.linkerd.cluster.local", points, StringComparison.Ordinal);
    }

    private static string RenderedDocuments(PlatformPlan plan, string service) =>
        plan.ServiceNamespaces.Single(f => f.FileName == $"namespaces/{service}.yaml").Yaml;
}
