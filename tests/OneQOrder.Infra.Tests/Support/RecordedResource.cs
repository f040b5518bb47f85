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
    /// <summary>The URN, which encodes the chain of parent types (<c>oneq:infra:Network$aws:ec2/vpc:Vpc</c>).</summary>
    public string Urn { get; init; } = string.Empty;

    /// <summary>The type of the direct parent taken from the URN, or null for a resource parented to the stack.</summary>
    public string? ParentType
    {
        get
        {
            var chain = Urn.Split("::")[2].Split('$');
            return chain.Length >= 2 ? chain[^2] : null;
        }
    }

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
    public object? At(string path)
    {
        object? current = Inputs;
        foreach (var part in path.Split('.'))
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
