using System.Collections;
using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using OneQOrder.Platform.CloudResources;
using OneQOrder.Platform.Cluster;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Guardrails;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;
using k8s.Models;

namespace OneQOrder.Platform.Tests.Planning;

/// <summary>
/// Validity in the types (issue 8 item 6): the planners take only what the validator produced, a cloud's own values
/// live only on that cloud's records, and the planned records are immutable and compare by value.
/// </summary>
public sealed class ValidityInTypesTests
{
    // ── Value equality ───────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Two_plans_of_the_same_stack_are_equal_record_for_record(string stack)
    {
        // Two loads, so no part of one plan is the other's instance.
        var first = PlatformPlanner.Build(Repository.Validated(stack));
        var second = PlatformPlanner.Build(Repository.Validated(stack));

        foreach (var (what, a, b) in Parts(first, second))
        {
            AssertValueEqual(what, a, b);
        }
    }

    /// <summary>Every list of the settings written out (the committed stacks take some from shared defaults, which would hide a list compared by reference).</summary>
    private const string EveryListWritten = """
        oneq-order-infra:network:
          zoneNames: [ZONES]
        oneq-order-infra:cluster:
          publicAccessCidrs: [203.0.113.0/24]
          nodePools:
            - { name: general, machineType: MACHINE, minNodes: 1, maxNodes: 3, diskSizeGb: 50 }
        oneq-order-infra:services:
          - { name: card, port: 8080, public: true }
          - { name: bank, port: 8080 }
        oneq-order-infra:calls:
          - { from: card, to: bank }
        """;

    [Theory]
    [InlineData("gcp", "asia-northeast3-a", "e2-standard-4")]
    [InlineData("aws", "ap-northeast-2a, ap-northeast-2b", "m6i.xlarge")]
    public void Two_plans_of_a_stack_that_writes_every_list_are_equal_record_for_record(string cloud, string zones, string machine)
    {
        var extra = EveryListWritten.Replace("ZONES", zones, StringComparison.Ordinal).Replace("MACHINE", machine, StringComparison.Ordinal);

        var first = GuardrailStacks.Plan(cloud, extra);
        var second = GuardrailStacks.Plan(cloud, extra);

        foreach (var (what, a, b) in Parts(first, second))
        {
            AssertValueEqual(what, a, b);
        }
    }

    [Fact]
    public void One_changed_value_makes_exactly_the_parts_it_reaches_unequal()
    {
        var baseline = GuardrailStacks.Plan("aws");
        var storage = GuardrailStacks.Plan("aws", "oneq-order-infra:monitoring:\n  storageGi: 60");
        var range = GuardrailStacks.Plan("aws", "oneq-order-infra:network:\n  cidr: 10.1.0.0/16");

        Assert.NotEqual(baseline.Settings, storage.Settings);
        Assert.False(baseline.Monitoring.Release.Values.Equals(storage.Monitoring.Release.Values));
        Assert.NotEqual(baseline.Monitoring.Release, storage.Monitoring.Release);
        AssertValueEqual("network", baseline.Network, storage.Network);
        AssertValueEqual("resources", baseline.Resources, storage.Resources);

        Assert.NotEqual(baseline.Settings.Network, range.Settings.Network);
        Assert.NotEqual(baseline.Network, range.Network);
        AssertValueEqual("cluster (subnet names, not ranges)", baseline.Cluster, range.Cluster);
        Assert.NotEqual(baseline.Resources, range.Resources);
        AssertValueEqual("monitoring values", baseline.Monitoring.Release.Values, range.Monitoring.Release.Values);
    }

    [Fact]
    public void A_changed_relaxation_makes_guardrail_entries_unequal()
    {
        var strict = GuardrailStacks.Plan("aws", GuardrailStacks.TestEnvironment);
        var relaxed = GuardrailStacks.Plan("aws", GuardrailStacks.TestEnvironment + "oneq-order-infra:mesh:\n  ha: false");

        Assert.NotEqual(strict.Guardrails["MESH-02"], relaxed.Guardrails["MESH-02"]);
        AssertValueEqual("NET-01", strict.Guardrails["NET-01"], relaxed.Guardrails["NET-01"]);
        Assert.NotEqual(strict.Guardrails, relaxed.Guardrails);
    }

    // ── Immutable Helm values ───────────────────────────────────────────────────────────────────

    [Fact]
    public void HelmValues_exposes_no_mutator()
    {
        var type = typeof(HelmValues);
        var mutators = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name is "Add" or "Remove" or "Clear" or "TryAdd" or "Insert" || m.Name.StartsWith("set_", StringComparison.Ordinal))
            .Select(m => m.Name)
            .ToList();

        Assert.Empty(mutators);
        Assert.All(type.GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, $"{p.Name} has a public setter"));
        Assert.Empty(type.GetConstructors());
        Assert.False(typeof(IDictionary<string, object?>).IsAssignableFrom(type));
        Assert.False(typeof(IDictionary).IsAssignableFrom(type));
        Assert.False(typeof(ICollection<KeyValuePair<string, object?>>).IsAssignableFrom(type));
        Assert.False(typeof(IList<object?>).IsAssignableFrom(typeof(ValueList<object?>)));
        Assert.False(typeof(ICollection<object?>).IsAssignableFrom(typeof(ValueList<object?>)));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_planned_helm_value_is_immutable(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        foreach (var release in plan.Mesh.Releases.Append(plan.Monitoring.Release))
        {
            Assert.All(Leaves(release.Values), v => Assert.True(v is null or HelmValues or ValueList<object?> or string or bool or int or long or double,
                $"{release.Name}: a {v?.GetType().Name} in the values"));
        }
    }

    [Fact]
    public void With_and_Without_return_copies()
    {
        var original = new HelmValuesBuilder { ["a"] = new HelmValuesBuilder { ["b"] = 1 }, ["list"] = new List<object> { "x" } }.Build();

        var changed = original.With("c", true).Without("a");

        Assert.Equal(["a", "list"], original.Keys);
        Assert.Equal(["c", "list"], changed.Keys);
        Assert.IsType<ValueList<object?>>(original["list"]);
        Assert.True(original.Equals(new HelmValuesBuilder { ["list"] = new List<object> { "x" }, ["a"] = new HelmValuesBuilder { ["b"] = 1 } }.Build()));
    }

    // ── Frozen Kubernetes objects ────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Changing_a_handed_out_object_changes_nothing_planned(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));
        var files = RenderedFiles(plan);
        var report = PlanGuardrails.Evaluate(plan);
        Assert.Equal(plan.Guardrails, report);

        // Every object the plan holds, thawed and changed where the in-cluster controls look.
        foreach (var frozen in plan.InCluster.Objects)
        {
            var copy = frozen.Thaw();
            Assert.NotSame(copy, frozen.Thaw());
            var meta = ManifestObjects.Metadata(copy);
            meta.NamespaceProperty = "default";
            meta.Labels?.Clear();
            meta.Annotations?.Clear();
            if (copy is V1NetworkPolicy policy)
            {
                policy.Spec.Ingress = [new V1NetworkPolicyIngressRule()];
            }
        }

        Assert.Equal(files, RenderedFiles(plan));
        Assert.Equal(report, PlanGuardrails.Evaluate(plan));
        Assert.All(PlanGuardrails.Evaluate(plan).Entries, e => Assert.NotEqual(GuardrailStatus.Fail, e.Status));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_planned_object_thaws_to_the_values_it_was_planned_with(string stack)
    {
        var plan = PlatformPlanner.Build(Repository.Validated(stack));

        Assert.All(plan.InCluster.Objects, frozen =>
        {
            var copy = frozen.Thaw();
            Assert.IsType(frozen.Type, copy);
            Assert.Equal(frozen, FrozenManifest.Freeze(copy));
        });

        // The Server ports the checks compare: a number stays a number, a port name a name.
        var card = plan.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "card");
        var servers = card.Objects.Where(o => o.Type == typeof(LinkerdServer)).Select(o => o.Thaw<LinkerdServer>()).ToDictionary(s => s.Metadata.Name, s => s.Spec.Port.Value);
        Assert.Equal(card.Tenant.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), servers["card"]);
        Assert.Equal(PlatformPorts.ProxyAdminName, servers[OneQOrder.Platform.Kubernetes.ServiceNamespaces.AdminServer]);
    }

    [Fact]
    public void A_changed_object_makes_the_plans_unequal()
    {
        var plan = GuardrailStacks.Plan("aws");
        var card = plan.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "card");
        var objects = FrozenManifest.ThawAll(card.Objects);
        objects.OfType<V1ServiceAccount>().Single(a => a.Metadata.Name == "card").AutomountServiceAccountToken = true;
        var changed = plan with
        {
            ServiceNamespaceObjects = plan.ServiceNamespaceObjects.Select(n => n == card ? n with { Objects = FrozenManifest.FreezeAll(objects) } : n).ToList(),
        };

        Assert.NotEqual(plan, changed);
        Assert.NotEqual(plan.InCluster, changed.InCluster);
        Assert.NotEqual(card, changed.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "card"));
        AssertValueEqual("pg namespace objects", plan.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "pg"), Rebuilt(changed.ServiceNamespaceObjects.Single(n => n.Tenant.Name == "pg")));
        Assert.NotEqual(plan.ServiceNamespaces.Single(f => f.FileName == "namespaces/card.yaml"), changed.ServiceNamespaces.Single(f => f.FileName == "namespaces/card.yaml"));
        Assert.Equal(GuardrailStatus.Fail, PlanGuardrails.Evaluate(changed)["NS-03"].Status);
        Assert.Equal(GuardrailStatus.Pass, PlanGuardrails.Evaluate(plan)["NS-03"].Status);
    }

    [Fact]
    public void Freezing_copies_the_callers_object()
    {
        var policy = new V1NetworkPolicy { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "card" }, Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector() } };
        var frozen = FrozenManifest.Freeze(policy);
        var yaml = ManifestYaml.Render([frozen]);

        policy.Metadata.NamespaceProperty = "default";

        Assert.Equal(yaml, ManifestYaml.Render([frozen]));
        Assert.Equal("card", frozen.Thaw<V1NetworkPolicy>().Metadata.NamespaceProperty);
        Assert.NotEqual(frozen, FrozenManifest.Freeze(policy));
    }

    [Fact]
    public void FrozenManifest_exposes_no_mutator()
    {
        var type = typeof(FrozenManifest);

        Assert.Empty(type.GetConstructors());
        Assert.All(type.GetProperties(), p => Assert.False(p.SetMethod?.IsPublic ?? false, $"{p.Name} has a public setter"));
        Assert.All(type.GetProperties(), p => Assert.True(p.PropertyType == typeof(string) || p.PropertyType == typeof(Type), $"{p.Name} is a {p.PropertyType}"));
    }

    private static List<(string FileName, string Yaml)> RenderedFiles(PlatformPlan plan) =>
        [.. plan.ServiceNamespaces.Append(plan.Mesh.Namespaces).Append(plan.Monitoring.Manifests).Select(f => (f.FileName, f.Yaml))];

    /// <summary>A copy of a service namespace whose objects went through thaw and freeze: equal, not the same instances.</summary>
    private static OneQOrder.Platform.Kubernetes.ServiceNamespace Rebuilt(OneQOrder.Platform.Kubernetes.ServiceNamespace n) => n with { Objects = FrozenManifest.FreezeAll(FrozenManifest.ThawAll(n.Objects)) };

    // ── Only the validator makes ValidatedSettings ───────────────────────────────────────────────

    [Fact]
    public void ValidatedSettings_has_no_public_constructor()
    {
        Assert.Empty(typeof(ValidatedSettings).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.All(typeof(ValidatedSettings).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance), c => Assert.True(c.IsAssembly));
        Assert.All(typeof(ValidatedSettings).GetMethods(BindingFlags.Public | BindingFlags.Static), m => Assert.NotEqual(typeof(ValidatedSettings), m.ReturnType));
    }

    [Fact]
    public void Only_the_validation_layer_calls_the_ValidatedSettings_constructor()
    {
        using var module = ModuleDefinition.ReadModule(typeof(ValidatedSettings).Assembly.Location);
        var callers = module.GetTypes()
            .SelectMany(t => t.Methods)
            .Where(m => m.HasBody && m.Body.Instructions.Any(i => i.OpCode == OpCodes.Newobj
                && i.Operand is MethodReference { Name: ".ctor" } ctor && ctor.DeclaringType.FullName == typeof(ValidatedSettings).FullName))
            .Select(m => m.DeclaringType.FullName)
            .Distinct()
            .ToList();

        Assert.NotEmpty(callers);
        Assert.All(callers, c => Assert.StartsWith("OneQOrder.Platform.Validation.", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("oneq-order-infra:network:\n  cidr: 10.0.0.1/16")]
    [InlineData("oneq-order-infra:network:\n  cidr: 10.0.0.0/27")]
    [InlineData("oneq-order-infra:mesh:\n  defaultInboundPolicy: all-unauthenticated")]
    public void Invalid_config_yields_no_validated_settings(string extra)
    {
        var result = GuardrailStacks.Load("aws", extra);

        Assert.NotEmpty(result.Errors);
        Assert.Null(result.Validated);
        Assert.Throws<InvalidStackConfigurationException>(() =>
            StackConfiguration.LoadOrThrow(Config.FromYaml("guard", GuardrailStacks.Yaml("aws", extra))));
    }

    [Fact]
    public void Typed_settings_are_validated_by_the_same_rules()
    {
        var settings = Repository.Stack("prod");

        var valid = StackConfiguration.Validate(settings);
        var thrown = Assert.Throws<InvalidStackConfigurationException>(() =>
            StackConfiguration.Validate(settings with { Network = settings.Network with { Cidr = "10.0.0.1/16" } }));

        Assert.Same(settings, valid.Settings);
        Assert.Contains(thrown.Errors, e => e.Key == "oneq-order-infra:network.cidr");
    }

    [Fact]
    public void Validated_settings_carry_the_blocks_the_network_plan_uses()
    {
        var validated = Repository.Validated("prod");
        var plan = NetworkPlanner.Plan(validated);

        Assert.Equal(validated.NetworkBlocks.Order(StringComparer.Ordinal), plan.Subnets.Select(s => s.Cidr).Order(StringComparer.Ordinal));
    }

    // ── Cloud-specific records ───────────────────────────────────────────────────────────────────

    [Fact]
    public void A_gcp_only_value_is_unreachable_from_an_aws_plan_by_type()
    {
        var aws = PlatformPlanner.Build(Repository.Validated("prod"));
        var gcp = PlatformPlanner.Build(Repository.Validated("dev"));

        Assert.IsType<AwsProviderSettings>(aws.Settings.Provider);
        Assert.IsType<AwsNetworkPlan>(aws.Network);
        Assert.IsType<EksClusterPlan>(aws.Cluster);
        Assert.IsType<AwsResourcePlan>(aws.Resources);
        Assert.Null(GkeControlPlaneRange(aws));
        Assert.Null(GcpProject(aws));

        Assert.Equal("172.16.0.0/28", GkeControlPlaneRange(gcp));
        Assert.Equal("oneq-order-dev", GcpProject(gcp));
        Assert.Equal("REGULAR", Assert.IsType<GkeClusterPlan>(gcp.Cluster).ReleaseChannel);
        Assert.Equal("oneq-dev-router", Assert.IsType<GcpNetworkPlan>(gcp.Network).Router);
    }

    [Theory]
    [InlineData(typeof(AwsProviderSettings), "Project")]
    [InlineData(typeof(AwsNetworkPlan), "Router")]
    [InlineData(typeof(AwsNetworkPlan), "ControlPlaneCidr")]
    [InlineData(typeof(EksClusterPlan), "ReleaseChannel")]
    [InlineData(typeof(EksClusterPlan), "RbacGroup")]
    [InlineData(typeof(ProviderSettings), "Project")]
    [InlineData(typeof(NetworkPlan), "Router")]
    [InlineData(typeof(ClusterPlan), "ReleaseChannel")]
    public void The_aws_and_shared_records_have_no_gcp_member(Type type, string member)
    {
        Assert.Null(type.GetProperty(member));
    }

    [Theory]
    [InlineData(typeof(GcpProviderSettings), "Project")]
    [InlineData(typeof(GcpNetworkPlan), "Router")]
    [InlineData(typeof(GcpNetworkPlan), "ControlPlaneCidr")]
    [InlineData(typeof(GkeClusterPlan), "ReleaseChannel")]
    public void The_gcp_records_hold_their_values_as_non_nullable_strings(Type type, string member)
    {
        var property = Assert.IsAssignableFrom<PropertyInfo>(type.GetProperty(member));
        Assert.Equal(NullabilityState.NotNull, new NullabilityInfoContext().Create(property).ReadState);
    }

    private static string? GkeControlPlaneRange(PlatformPlan plan) => plan.Network switch
    {
        GcpNetworkPlan gcp => gcp.ControlPlaneCidr,
        _ => null,
    };

    private static string? GcpProject(PlatformPlan plan) => plan.Settings.Provider switch
    {
        GcpProviderSettings gcp => gcp.Project,
        _ => null,
    };

    private static IEnumerable<(string What, object A, object B)> Parts(PlatformPlan a, PlatformPlan b)
    {
        yield return ("settings", a.Settings, b.Settings);
        yield return ("network", a.Network, b.Network);
        yield return ("cluster", a.Cluster, b.Cluster);
        yield return ("cloud resources", a.Resources, b.Resources);
        yield return ("workload identities", a.WorkloadIdentities, b.WorkloadIdentities);
        yield return ("mesh releases", a.Mesh.Releases, b.Mesh.Releases);
        foreach (var (x, y) in a.Mesh.Releases.Zip(b.Mesh.Releases))
        {
            yield return ($"{x.Name} values", x.Values, y.Values);
        }

        yield return ("monitoring release", a.Monitoring.Release, b.Monitoring.Release);
        yield return ("monitoring values", a.Monitoring.Release.Values, b.Monitoring.Release.Values);
        yield return ("monitoring CRDs", a.Monitoring.CrdUrls, b.Monitoring.CrdUrls);
        yield return ("service namespaces", a.ServiceNamespaceObjects, b.ServiceNamespaceObjects);
        foreach (var (x, y) in a.ServiceNamespaceObjects.Zip(b.ServiceNamespaceObjects))
        {
            yield return ($"{x.Tenant.Name} namespace objects", x, y);
        }

        yield return ("mesh namespaces", a.Mesh.NamespaceObjects, b.Mesh.NamespaceObjects);
        yield return ("monitoring manifests", a.Monitoring.ManifestObjects, b.Monitoring.ManifestObjects);
        yield return ("in-cluster evidence", a.InCluster, b.InCluster);
        yield return ("guardrail report", a.Guardrails, b.Guardrails);
        foreach (var (x, y) in a.Guardrails.Entries.Zip(b.Guardrails.Entries))
        {
            yield return ($"guardrail {x.Control.Id}", x, y);
        }

        yield return ("tenants", a.Tenants, b.Tenants);
        yield return ("mesh", a.Mesh, b.Mesh);
        yield return ("monitoring", a.Monitoring, b.Monitoring);
        yield return ("the whole plan", a, b);
    }

    private static void AssertValueEqual(string what, object a, object b)
    {
        Assert.False(ReferenceEquals(a, b), $"{what}: the same instance, so equality proves nothing");
        Assert.True(a.Equals(b), $"{what}: equal content, but Equals is false");
        Assert.True(a.GetHashCode() == b.GetHashCode(), $"{what}: equal, but hash codes differ");
    }

    private static IEnumerable<object?> Leaves(object? value) => value switch
    {
        HelmValues map => map.Values.SelectMany(Leaves).Prepend(map),
        ValueList<object?> list => list.SelectMany(Leaves).Prepend(list),
        _ => [value],
    };
}
