using System.Collections.Immutable;

namespace OneQOrder.Infra.Tests.Support;

/// <summary>
/// One resource the program registered, as the mock engine saw it.
/// </summary>
/// <param name="Type">The type token, e.g. <c>aws:ec2/vpc:Vpc</c> or <c>oneq:infra:Network</c>.</param>
/// <param name="Name">The logical name.</param>
/// <param name="Inputs">The known inputs (unknown and null inputs are dropped by the mock monitor).</param>
/// <param name="Provider">The provider reference (<c>urn::id</c>) or null for the default provider.</param>
internal sealed record RecordedResource(string Type, string Name, ImmutableDictionary<string, object> Inputs, string? Provider)
{
    /// <summary>The resource options the program gave it (protect, ignoreChanges, timeouts, provider).</summary>
    public Pulumi.ResourceOptions? Options { get; init; }

    /// <summary>Pulumi <c>protect</c>.</summary>
    public bool Protected => Options?.Protect == true;

    /// <summary>The properties Pulumi ignores changes to.</summary>
    public IReadOnlyList<string> IgnoreChanges => Options?.IgnoreChanges ?? [];

    /// <summary>The URN the mock engine gave it.</summary>
    public string Urn { get; init; } = string.Empty;

    /// <summary>
    /// The type of the direct parent, from the options the resource was registered with; null when it has no explicit
    /// parent (the stack). The mock engine's URNs keep only the root type of the parent chain
    /// (Pulumi.Testing.MockMonitor.NewUrn), so URNs cannot tell a component's child from a top-level resource.
    /// </summary>
    public string? ParentType => Options?.Parent?.GetResourceType();

    /// <summary>
    /// The explicit provider given in the resource's options (<c>provider</c>, or for a component the
    /// <c>providers</c> entry of the Kubernetes package). Remote components such as <c>kubernetes:yaml/v2:ConfigGroup</c>
    /// hand their provider to the engine as a providers map, which the mock does not show as <see cref="Provider"/>.
    /// </summary>
    public Pulumi.ProviderResource? ProviderOption => Options?.Provider
        ?? (Options as Pulumi.ComponentResourceOptions)?.Providers.FirstOrDefault(p => p.GetResourceType() == "pulumi:providers:kubernetes");

    /// <summary>The logical name of the direct parent, or null for the stack.</summary>
    public string? ParentName => Options?.Parent?.GetResourceName();

    /// <summary>True for one of this program's component resources.</summary>
    public bool IsComponent => Type.StartsWith("oneq:infra:", StringComparison.Ordinal);

    /// <summary>True for an explicit provider resource.</summary>
    public bool IsProvider => Type.StartsWith("pulumi:providers:", StringComparison.Ordinal);

    /// <summary>True for a Kubernetes resource (anything the in-cluster layer creates).</summary>
    public bool IsKubernetes => Type.StartsWith("kubernetes:", StringComparison.Ordinal);

    /// <summary>An input by name; fails the test when absent.</summary>
    public object Input(string name) =>
        Inputs.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"{Type} {Name} has no input '{name}'; inputs: {string.Join(", ", Inputs.Keys)}");

    /// <summary>A nested input by path (<c>vpcConfig.endpointPrivateAccess</c>, list items by index: <c>a.0.b</c>).</summary>
    public object? At(string path) => AtPath(path.Split('.'));

    /// <summary>A nested input by explicit path segments, for keys that contain dots (<c>tags</c>, <c>kubernetes.io/role/elb</c>).</summary>
    public object? AtPath(params string[] parts)
    {
        object? current = Inputs;
        foreach (var part in parts)
        {
            current = current switch
            {
                IDictionary<string, object> map => map.TryGetValue(part, out var v) ? v : null,
                IReadOnlyList<object> list when int.TryParse(part, out var i) && i < list.Count => list[i],
                _ => null,
            };
        }

        return current;
    }
}
