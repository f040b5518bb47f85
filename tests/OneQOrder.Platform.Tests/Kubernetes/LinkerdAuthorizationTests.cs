using OneQOrder.Platform.Validation;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>The Linkerd authorizations, read back from the rendered files, name exactly the declared callers' identities.</summary>
public sealed class LinkerdAuthorizationTests
{
    /// <summary>DESIGN.md's flow, callee → callers, written out independently of the catalogue.</summary>
    public static TheoryData<string, string, string[]> ExpectedCallers => new()
    {
        { "dev", "pg", ["oneq-order"] },
        { "dev", "card", ["appcard", "pg"] },
        { "dev", "bank", ["card", "pg"] },
        { "dev", "appcard", ["pg"] },
        { "prod", "card", ["appcard", "pg"] },
        { "prod", "bank", ["card", "pg"] },
    };

    [Theory]
    [MemberData(nameof(ExpectedCallers))]
    public void Each_service_authorizes_exactly_its_callers_identities(string stack, string service, string[] callers)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        var identities = Identities(plan, service);

        Assert.Equal(callers.Select(c => $"{c}.{c}.serviceaccount.identity.linkerd.cluster.local"), identities);
    }

    [Fact]
    public void A_service_nobody_calls_has_a_server_but_no_authorization()
    {
        var plan = PlatformPlanner.Build(Repository.Validated("prod"));

        var documents = RenderedDocuments.Parse(plan.ServiceNamespaces.Single(f => f.FileName == "namespaces/oneq-order.yaml").Yaml);

        Assert.Contains(documents.OfKind("Server"), d => (string?)d["metadata"]!["name"] == "oneq-order");
        // Only the gateway's identity, when the stack has an edge (issue 12), never a service's.
        Assert.All(documents.OfKind("MeshTLSAuthentication"), d => Assert.Equal(OneQOrder.Platform.Kubernetes.ServiceNamespaces.GatewayAuthentication, (string?)d["metadata"]!["name"]));
        Assert.All(documents.OfKind("AuthorizationPolicy").Where(d => (string?)d["metadata"]!["name"] != OneQOrder.Platform.Kubernetes.ServiceNamespaces.GatewayAuthentication),
            d => Assert.Equal("linkerd-admin", (string?)d["spec"]!["targetRef"]!["name"]));
    }

    [Fact]
    public void Removing_pg_to_card_removes_only_pgs_identity_from_card()
    {
        var settings = Repository.Stack("prod");
        var changed = StackConfiguration.Validate(settings with { Calls = settings.Calls.Where(c => c != new CallSettings("pg", "card")).ToList() });

        var card = Identities(PlatformPlanner.Build(changed), "card");
        var bank = Identities(PlatformPlanner.Build(changed), "bank");

        Assert.Equal(["appcard.appcard.serviceaccount.identity.linkerd.cluster.local"], card);
        Assert.Equal(Identities(PlatformPlanner.Build(StackConfiguration.Validate(settings)), "bank"), bank);
    }

    private static IEnumerable<string> Identities(PlatformPlan plan, string service)
    {
        var documents = RenderedDocuments.Parse(plan.ServiceNamespaces.Single(f => f.FileName == $"namespaces/{service}.yaml").Yaml);
        // The callers' authorization; a public service's gateway authorization (issue 12) is EdgePlanTests' subject.
        var authorization = documents.OfKind("AuthorizationPolicy").Single(d => (string?)d["spec"]!["targetRef"]!["name"] == service
            && (string?)d["metadata"]!["name"] != OneQOrder.Platform.Kubernetes.ServiceNamespaces.GatewayAuthentication);
        var authentication = (string)authorization["spec"]!["requiredAuthenticationRefs"]![0]!["name"]!;
        return documents.OfKind("MeshTLSAuthentication").Single(d => (string?)d["metadata"]!["name"] == authentication)["spec"]!["identities"]!
            .AsArray().Select(i => (string)i!);
    }
}
