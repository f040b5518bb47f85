using System.Collections.Concurrent;
using System.Collections.Immutable;
using Moq;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace OneQOrder.Infra.Tests.Support;

/// <summary>
/// Runs the Pulumi program (<see cref="Program.Run"/>) against a recording <see cref="Mock{IMocks}"/> with a given
/// stack configuration, and returns everything the engine would have been asked to create.
/// </summary>
internal static class MockDeployment
{
    private const string ConfigVariable = "PULUMI_CONFIG";

    /// <summary>The keys the CLI marks secret (Pulumi's Deployment reads it next to PULUMI_CONFIG).</summary>
    private const string SecretKeysVariable = "PULUMI_CONFIG_SECRET_KEYS";

    /// <summary>The program's entry, typed so <c>TestAsync</c> picks the overload that returns stack outputs.</summary>
    private static readonly Func<IDictionary<string, object?>> Run = Infra.Program.Run;

    /// <summary>Runs the program with <paramref name="config"/>; <paramref name="preview"/> mimics <c>pulumi preview</c>.</summary>
    public static Task<DeploymentResult> RunAsync(StackConfig config, bool preview = false) =>
        RunAsync(config, preview, recorder => Infra.Program.Run(recorder.Observe));

    /// <summary>
    /// Runs the program on the plan of <paramref name="config"/> as <paramref name="change"/> leaves it, to see that
    /// the program applies the plan's values (the ones the guardrail report checks), not values of its own.
    /// </summary>
    public static Task<DeploymentResult> RunAsync(StackConfig config, Func<PlatformPlan, PlatformPlan> change) =>
        RunAsync(config, preview: false, recorder => Infra.Program.Run(change(PlanOf(config)), recorder.Observe));

    /// <summary>The plan the program builds from <paramref name="config"/>, read the way the plan command reads it.</summary>
    public static PlatformPlan PlanOf(StackConfig config) =>
        Infra.Program.LoadPlan(new DictionaryConfigSource(config.Stack, config.Values));

    private static async Task<DeploymentResult> RunAsync(StackConfig config, bool preview, Func<ResourceRecorder, IDictionary<string, object?>> program)
    {
        var recorder = new ResourceRecorder();
        var (resources, outputs) = await WithConfigAsync(config, () => Deployment.TestAsync(
            recorder.Mock.Object,
            Options(config, preview),
            () => program(recorder)));

        var urns = new Dictionary<(string Type, string Name), string>();
        foreach (var resource in resources)
        {
            urns[(resource.GetResourceType(), resource.GetResourceName())] = await OutputUtilities.GetValueAsync(resource.Urn);
        }

        var recorded = recorder.Resources
            .Select(r => r with
            {
                Urn = urns.TryGetValue((r.Type, r.Name), out var urn) ? urn : string.Empty,
                Options = recorder.OptionsOf(r.Type, r.Name),
            })
            .ToList();
        return new DeploymentResult(recorded, outputs, recorder);
    }

    /// <summary>
    /// Runs the program and returns the exception it failed with, and the recorder to prove what it did first.
    /// The engine reports a program exception as a logged error, so the test deployment throws a <see cref="RunException"/>
    /// whose message carries the program exception's message.
    /// </summary>
    public static async Task<(Exception Error, ResourceRecorder Recorder)> RunExpectingFailureAsync(StackConfig config)
    {
        var recorder = new ResourceRecorder();
        var error = await Record.ExceptionAsync(() => WithConfigAsync(config, () => Deployment.TestAsync(
            recorder.Mock.Object,
            Options(config, preview: true),
            Run)));
        Assert.NotNull(error);
        return (error, recorder);
    }

    private static TestOptions Options(StackConfig config, bool preview) => new()
    {
        ProjectName = "oneq-order-infra",
        StackName = config.Stack,
        IsPreview = preview,
    };

    /// <summary>Pulumi reads <c>PULUMI_CONFIG</c> when a deployment starts; set it for the run and restore it after.</summary>
    private static async Task<T> WithConfigAsync<T>(StackConfig config, Func<Task<T>> run)
    {
        var previous = Environment.GetEnvironmentVariable(ConfigVariable);
        var previousSecrets = Environment.GetEnvironmentVariable(SecretKeysVariable);
        Environment.SetEnvironmentVariable(ConfigVariable, config.ToPulumiConfigJson());
        Environment.SetEnvironmentVariable(SecretKeysVariable, config.SecretKeysJson());
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigVariable, previous);
            Environment.SetEnvironmentVariable(SecretKeysVariable, previousSecrets);
        }
    }
}

/// <summary>What one mock deployment produced.</summary>
internal sealed record DeploymentResult(
    IReadOnlyList<RecordedResource> Resources,
    IDictionary<string, object?> Outputs,
    ResourceRecorder Recorder)
{
    /// <summary>Every resource of a type token.</summary>
    public IReadOnlyList<RecordedResource> OfType(string type) => Resources.Where(r => r.Type == type).ToList();

    /// <summary>The one resource of a type token; fails unless there is exactly one.</summary>
    public RecordedResource Single(string type) => Assert.Single(Resources, r => r.Type == type);

    /// <summary>A stack output's value, whether the program exported a plain value or an <see cref="Output{T}"/>.</summary>
    public async Task<T> OutputValueAsync<T>(string name) => Assert.Contains(name, Outputs) switch
    {
        Output<T> output => await OutputUtilities.GetValueAsync(output),
        T value => value,
        var other => throw new Xunit.Sdk.XunitException($"output '{name}' is a {other?.GetType().Name ?? "null"}, not {typeof(T).Name}"),
    };

    /// <summary>True when a stack output is an <see cref="Output{T}"/> marked secret.</summary>
    public Task<bool> OutputIsSecretAsync<T>(string name) =>
        Outputs[name] is Output<T> output ? Pulumi.Output.IsSecretAsync(output) : Task.FromResult(false);
}

/// <summary>
/// A <see cref="Mock{IMocks}"/> that records every resource registration and answers the few data-source calls the
/// program makes with plausible values. Resource outputs echo the inputs plus the computed fields the program reads.
/// </summary>
internal sealed class ResourceRecorder
{
    private readonly ConcurrentQueue<RecordedResource> _resources = new();

    public ResourceRecorder()
    {
        Mock.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .Returns((MockResourceArgs args) =>
            {
                _resources.Enqueue(new RecordedResource(args.Type!, args.Name!, args.Inputs, args.Provider));
                return Task.FromResult<(string?, object)>(($"{args.Name}-id", FakeCloud.State(args)));
            });
        Mock.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .Returns((MockCallArgs args) => Task.FromResult(FakeCloud.Call(args)));
        Mock.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Returns(Task.CompletedTask);
    }

    /// <summary>The mock handed to <c>Deployment.TestAsync</c>.</summary>
    public Mock<IMocks> Mock { get; } = new(MockBehavior.Strict);

    /// <summary>Every registration, in order.</summary>
    public IReadOnlyList<RecordedResource> Resources => [.. _resources];

    /// <summary>
    /// A resource transformation that records each resource's final options and changes nothing (returns null).
    /// The mock engine is not shown protect, ignoreChanges or custom timeouts; this is how tests see them.
    /// </summary>
    public ResourceTransformationResult? Observe(ResourceTransformationArgs args)
    {
        _options[(args.Resource.GetResourceType(), args.Resource.GetResourceName())] = args.Options;
        return null;
    }

    /// <summary>The options a resource was registered with, as the transformation saw them.</summary>
    public ResourceOptions? OptionsOf(string type, string name) =>
        _options.TryGetValue((type, name), out var options) ? options : null;

    private readonly ConcurrentDictionary<(string Type, string Name), ResourceOptions> _options = new();
}

/// <summary>The computed values a real cloud would return, for the outputs the program uses.</summary>
internal static class FakeCloud
{
    /// <summary>The validity end a generated self-signed certificate reports (RFC 3339, as the tls provider does).</summary>
    public const string AnchorValidityEnd = "2036-11-27T00:00:00Z";

    public static object State(MockResourceArgs args)
    {
        var state = args.Inputs.ToBuilder();

        // Pulumi auto-names resources whose physical name is not given; the logical name stands in for it here.
        state.TryAdd("name", args.Name!);
        var extra = args.Type switch
        {
            "tls:index/selfSignedCert:SelfSignedCert" => new Dictionary<string, object> { ["validityEndTime"] = AnchorValidityEnd },
            "aws:eks/cluster:Cluster" => new Dictionary<string, object>
            {
                ["endpoint"] = "https://ABCDEF.gr7.ap-northeast-2.eks.amazonaws.com",
                ["arn"] = $"arn:aws:eks:ap-northeast-2:123456789012:cluster/{args.Name}",
                ["certificateAuthority"] = ImmutableDictionary<string, object>.Empty.Add("data", "Y2EtZGF0YQ=="),
                // The inputs' vpcConfig plus the security group EKS creates for the control plane.
                ["vpcConfig"] = (args.Inputs.TryGetValue("vpcConfig", out var vpc) && vpc is ImmutableDictionary<string, object> given
                    ? given : ImmutableDictionary<string, object>.Empty).SetItem("clusterSecurityGroupId", "sg-eks-cluster"),
            },
            "gcp:container/cluster:Cluster" => new Dictionary<string, object>
            {
                ["endpoint"] = "10.0.0.2",
                ["masterAuth"] = ImmutableDictionary<string, object>.Empty.Add("clusterCaCertificate", "Y2EtZGF0YQ=="),
                ["controlPlaneEndpointsConfig"] = ImmutableDictionary<string, object>.Empty.Add("dnsEndpointConfig",
                    ImmutableDictionary<string, object>.Empty.Add("allowExternalTraffic", true).Add("endpoint", "gke-0123456789abcdef-123456789012.asia-northeast3-a.gke.goog")),
            },
            "gcp:serviceaccount/account:Account" => new Dictionary<string, object>
            {
                ["email"] = $"{args.Inputs["accountId"]}@oneq-order-dev.iam.gserviceaccount.com",
                ["member"] = $"serviceAccount:{args.Inputs["accountId"]}@oneq-order-dev.iam.gserviceaccount.com",
            },
            "aws:ec2/launchTemplate:LaunchTemplate" => new Dictionary<string, object>
            {
                ["latestVersion"] = 1,
                ["arn"] = $"arn:aws:ec2::123456789012:launch-template/{args.Name}",
            },
            "aws:kms/key:Key" => new Dictionary<string, object>
            {
                ["keyId"] = $"{args.Name}-key-id",
                ["arn"] = $"arn:aws:kms:ap-northeast-2:123456789012:key/{args.Name}",
            },
            _ when args.Type!.StartsWith("aws:", StringComparison.Ordinal) => new Dictionary<string, object>
            {
                ["arn"] = $"arn:aws:{args.Type.Split(':')[1].Split('/')[0]}::123456789012:{args.Name}",
            },
            _ => [],
        };
        foreach (var (key, value) in extra)
        {
            state[key] = value;
        }

        return state.ToImmutable();
    }

    public static object Call(MockCallArgs args) => args.Token switch
    {
        "aws:index/getCallerIdentity:getCallerIdentity" => new Dictionary<string, object>
        {
            ["accountId"] = "123456789012",
            ["arn"] = "arn:aws:iam::123456789012:role/deployer",
            ["userId"] = "AROAEXAMPLE:session",
            ["id"] = "123456789012",
        },
        "aws:index/getPartition:getPartition" => new Dictionary<string, object>
        {
            ["partition"] = "aws",
            ["dnsSuffix"] = "amazonaws.com",
            ["id"] = "aws",
        },
        "gcp:organizations/getProject:getProject" => new Dictionary<string, object>
        {
            ["number"] = "123456789012",
            ["projectId"] = "oneq-order-dev",
            ["id"] = "projects/oneq-order-dev",
        },
        // The real data source renders the statements to IAM JSON; tests read the statements back from it.
        "aws:iam/getPolicyDocument:getPolicyDocument" => new Dictionary<string, object>
        {
            ["json"] = System.Text.Json.JsonSerializer.Serialize(args.Args),
            ["id"] = "policy",
        },
        _ => args.Args,
    };
}
