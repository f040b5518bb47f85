using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Moq;
using OneQOrder.Infra.Components;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Tests.Support;

/// <summary>
/// Runs the in-cluster components (mesh → monitoring → service namespaces, wired exactly as the program's contract
/// says) on an explicit Kubernetes provider in a mock deployment, and records, besides every registration, when each
/// one started and finished.
/// </summary>
/// <remarks>
/// <see cref="MockResourceArgs"/> carries no dependency list, so ordering is proven by timing: every registration
/// takes <see cref="RegistrationTimeline.Latency"/>, and the SDK sends a resource only after the URNs of its
/// <c>DependsOn</c> resources are known. A resource that depends on another therefore starts after that one finished;
/// two independent resources overlap.
/// </remarks>
internal static class InClusterLayers
{
    public const string ProviderName = "cluster";

    /// <summary>What <c>RequireSecretObject</c> hands the program for the plan's receivers: a secret of fake values, <see cref="ReceiverSecret"/>.</summary>
    public static Output<ImmutableDictionary<string, string>>? ReceiverSecrets(PlatformPlan plan) => plan.Monitoring.ReceiverSecretName is null
        ? null
        : Output.CreateSecret(plan.Monitoring.Receivers.Where(r => r.SecretFile is not null).ToImmutableDictionary(r => r.Name, r => ReceiverSecret(r.Name)));

    /// <summary>The fake secret part of a receiver.</summary>
    public static string ReceiverSecret(string receiver) => $"secret-of:{receiver}";

    /// <summary>Plans the committed <paramref name="stack"/> and deploys its in-cluster layers.</summary>
    public static Task<LayersRun> RunAsync(string stack) => RunAsync(PlatformPlanner.Build(Repository.Validated(stack)));

    /// <summary>Deploys the in-cluster layers of <paramref name="plan"/>; <paramref name="receiverSecrets"/> replaces <see cref="ReceiverSecrets"/>.</summary>
    public static async Task<LayersRun> RunAsync(PlatformPlan plan, Output<ImmutableDictionary<string, string>>? receiverSecrets = null)
    {
        var timeline = new RegistrationTimeline();
        KubernetesProvider provider = null!;
        ServiceMesh mesh = null!;
        Components.Monitoring monitoring = null!;
        Components.ServiceNamespaces services = null!;
        var resources = await Deployment.TestAsync(timeline.Mock.Object, new TestOptions
        {
            ProjectName = "oneq-order-infra",
            StackName = "components",
            IsPreview = false,
        }, () =>
        {
            provider = new KubernetesProvider(ProviderName);
            mesh = new ServiceMesh("mesh", new ServiceMeshArgs { Plan = plan.Mesh, Provider = provider });
            monitoring = new Components.Monitoring("monitoring", new MonitoringArgs
            {
                Plan = plan.Monitoring,
                Provider = provider,
                ReceiverSecrets = receiverSecrets ?? ReceiverSecrets(plan),
                TrustAnchorExpiry = mesh.TrustAnchorExpiry,
            },
                new ComponentResourceOptions { DependsOn = { mesh } });
            services = new Components.ServiceNamespaces("services", new ServiceNamespacesArgs { Manifests = plan.ServiceNamespaces, Provider = provider },
                new ComponentResourceOptions { DependsOn = { mesh, monitoring } });
        });

        var urns = new Dictionary<(string Type, string Name), string>();
        foreach (var resource in resources)
        {
            urns[(resource.GetResourceType(), resource.GetResourceName())] = await OutputUtilities.GetValueAsync(resource.Urn);
        }

        var recorded = timeline.Recorder.Resources
            .Select(r => r with { Urn = urns.TryGetValue((r.Type, r.Name), out var urn) ? urn : string.Empty })
            .ToList();
        var parents = new Dictionary<(string Type, string Name), string>();
        foreach (var component in resources.OfType<ComponentResource>())
        {
            foreach (var child in SdkInternals.ChildrenOf(component))
            {
                parents[(child.GetResourceType(), child.GetResourceName())] = component.GetResourceType();
            }
        }

        var providerRef = $"{await OutputUtilities.GetValueAsync(provider.Urn)}::{await OutputUtilities.GetValueAsync(provider.Id)}";
        return new LayersRun(plan, recorded, resources, parents, timeline, providerRef, provider, mesh, monitoring, services);
    }
}

/// <summary>What one deployment of the in-cluster layers produced.</summary>
internal sealed record LayersRun(
    PlatformPlan Plan,
    IReadOnlyList<RecordedResource> Resources,
    ImmutableArray<Resource> Objects,
    IReadOnlyDictionary<(string Type, string Name), string> Parents,
    RegistrationTimeline Timeline,
    string ProviderRef,
    KubernetesProvider Provider,
    ServiceMesh Mesh,
    Components.Monitoring Monitoring,
    Components.ServiceNamespaces Services)
{
    public const string Release = "kubernetes:helm.sh/v3:Release";
    public const string ConfigGroup = "kubernetes:yaml/v2:ConfigGroup";

    /// <summary>The one resource with this type and name; fails unless there is exactly one.</summary>
    public RecordedResource Named(string type, string name) => Assert.Single(Resources, r => r.Type == type && r.Name == name);

    /// <summary>Every resource of a type token, in registration order.</summary>
    public IReadOnlyList<RecordedResource> OfType(string type) => Resources.Where(r => r.Type == type).ToList();

    /// <summary>The type of a resource's parent, or null for a resource parented to the stack.</summary>
    public string? ParentTypeOf(RecordedResource resource) => Parents.GetValueOrDefault((resource.Type, resource.Name));

    /// <summary>The children of one component (by the component's type token), in registration order.</summary>
    public IReadOnlyList<RecordedResource> ChildrenOf(string componentType) => Resources.Where(r => ParentTypeOf(r) == componentType).ToList();

    /// <summary>The Kubernetes provider a resource object will use, as the SDK resolved it.</summary>
    public ProviderResource? ProviderOf(RecordedResource resource) =>
        SdkInternals.ProviderOf(Assert.Single(Objects, o => o.GetResourceType() == resource.Type && o.GetResourceName() == resource.Name));
}

/// <summary>
/// The two facts a mock deployment does not report in pulumi-dotnet 3.112.1, read from the SDK's own state:
/// <list type="bullet">
/// <item>a resource's parent: the mock monitor builds a child's URN from the root-most ancestor type only
/// (MockMonitor.NewUrn takes <c>Split("$").First()</c>), so the URN cannot tell which component parents it;</item>
/// <item>a remote component's provider: a ConfigGroup sends its providers as a map that the mock monitor does not pass
/// on (<see cref="MockResourceArgs.Provider"/> is set for custom resources only).</item>
/// </list>
/// Both are internal members; a missing member fails the test with a message rather than passing silently.
/// </summary>
internal static class SdkInternals
{
    public static IReadOnlyList<Resource> ChildrenOf(ComponentResource component)
    {
        var property = typeof(Resource).GetProperty("ChildResources", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new Xunit.Sdk.XunitException("Pulumi's Resource.ChildResources is gone; update this helper to the pinned SDK");
        var children = (HashSet<Resource>)property.GetValue(component)!;
        lock (children)
        {
            return [.. children];
        }
    }

    public static ProviderResource? ProviderOf(Resource resource)
    {
        var getProvider = typeof(Resource).GetMethod("GetProvider", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new Xunit.Sdk.XunitException("Pulumi's Resource.GetProvider(string) is gone; update this helper to the pinned SDK");
        return (ProviderResource?)getProvider.Invoke(resource, [resource.GetResourceType()]);
    }
}

/// <summary>
/// A <see cref="Mock{IMocks}"/> in front of the shared <see cref="ResourceRecorder"/>: every registration takes
/// <see cref="Latency"/> and is stamped with a logical start and finish time; locally computed values (keys,
/// certificates, passwords) get recognisable fake values so tests can follow them from resource to resource.
/// </summary>
internal sealed class RegistrationTimeline
{
    /// <summary>Long enough that independent registrations overlap, short enough to keep a run well under a second.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(15);

    private readonly ConcurrentDictionary<(string Type, string Name), (long Started, long Finished)> _stamps = new();
    private long _clock;

    public RegistrationTimeline()
    {
        Mock.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .Returns(async (MockResourceArgs args) =>
            {
                var started = Interlocked.Increment(ref _clock);
                await Task.Delay(Latency);
                var (id, state) = await Recorder.Mock.Object.NewResourceAsync(args);
                _stamps[(args.Type!, args.Name!)] = (started, Interlocked.Increment(ref _clock));
                return (id, WithComputedValues(args, (ImmutableDictionary<string, object>)state));
            });
        Mock.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .Returns((MockCallArgs args) => Recorder.Mock.Object.CallAsync(args));

        // Components register their outputs; nothing to answer.
        Mock.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Returns(Task.CompletedTask);
    }

    public Mock<IMocks> Mock { get; } = new(MockBehavior.Strict);

    public ResourceRecorder Recorder { get; } = new();

    /// <summary>The fake PEM a key or certificate resource of this name produces.</summary>
    public static string Pem(string kind, string name) => $"-----BEGIN {kind}-----\n{name}\n-----END {kind}-----\n";

    /// <summary>The fake password a RandomPassword of this name produces.</summary>
    public static string Password(string name) => $"generated:{name}";

    /// <summary>Asserts that <paramref name="later"/> was sent only after <paramref name="earlier"/> had finished.</summary>
    public void AssertAfter(RecordedResource earlier, RecordedResource later)
    {
        var first = _stamps[(earlier.Type, earlier.Name)];
        var second = _stamps[(later.Type, later.Name)];
        Assert.True(second.Started > first.Finished,
            $"{later.Name} started at {second.Started}, before {earlier.Name} finished at {first.Finished}");
    }

    private static ImmutableDictionary<string, object> WithComputedValues(MockResourceArgs args, ImmutableDictionary<string, object> state) =>
        args.Type switch
        {
            "tls:index/privateKey:PrivateKey" => state.SetItem("privateKeyPem", Pem("EC PRIVATE KEY", args.Name!)),
            "tls:index/selfSignedCert:SelfSignedCert" or "tls:index/locallySignedCert:LocallySignedCert" =>
                state.SetItem("certPem", Pem("CERTIFICATE", args.Name!)),
            "tls:index/certRequest:CertRequest" => state.SetItem("certRequestPem", Pem("CERTIFICATE REQUEST", args.Name!)),
            "random:index/randomPassword:RandomPassword" => state.SetItem("result", Password(args.Name!)),
            _ => state,
        };
}

/// <summary>Reads what a mock deployment hands the test in a form xUnit can compare.</summary>
internal static class Inputs
{
    /// <summary>
    /// The text of a <see cref="StringAsset"/> input. Pulumi 3.112.1 keeps an asset's content internal
    /// (<c>AssetOrArchive.Value</c>); the test reads it there to compare it with the rendered file byte for byte.
    /// </summary>
    public static string AssetText(object asset)
    {
        var stringAsset = Assert.IsType<StringAsset>(asset);
        var value = typeof(AssetOrArchive).GetProperty("Value", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new Xunit.Sdk.XunitException("Pulumi's AssetOrArchive.Value is gone; update this helper to the pinned SDK");
        return Assert.IsType<string>(value.GetValue(stringAsset));
    }

    /// <summary>A list input as a list of objects.</summary>
    public static IReadOnlyList<object> List(object? value) => Assert.IsAssignableFrom<IEnumerable<object>>(value).ToList();
}

/// <summary>Assertions shared by the mesh and monitoring release tests.</summary>
internal static class ReleaseAssert
{
    /// <summary>The release installs the plan's pinned chart into the plan's namespace with exactly its rendered values file.</summary>
    public static void MatchesPlan(HelmReleasePlan plan, RecordedResource release)
    {
        Assert.Equal(plan.Name, release.Input("name"));
        Assert.Matches(@"^v?\d+\.\d+\.\d+$", Assert.IsType<string>(release.Input("version")));
        Assert.Equal(plan.Chart.Version, release.Input("version"));
        if (plan.Chart.IsOci)
        {
            // One OCI reference, no chart repository (Helm has no --repo for a registry).
            Assert.Equal($"{plan.Chart.Repository}/{plan.Chart.Name}", release.Input("chart"));
            Assert.False(release.Inputs.ContainsKey("repositoryOpts"), "an OCI chart is pulled by its reference, not from a repository");
        }
        else
        {
            Assert.Equal(plan.Chart.Name, release.Input("chart"));
            Assert.Equal(plan.Chart.Repository, release.At("repositoryOpts.repo"));
        }

        Assert.Equal(plan.Namespace, release.Input("namespace"));
        Assert.False((bool)release.Input("createNamespace"), "namespaces come from the rendered manifests, never from Helm");
        var valuesFile = Assert.Single(Inputs.List(release.Input("valueYamlFiles")));
        Assert.Equal(plan.ValuesYaml, Inputs.AssetText(valuesFile));
    }
}
