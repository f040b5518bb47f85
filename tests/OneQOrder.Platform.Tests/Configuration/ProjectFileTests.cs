using System.Text.Json;
using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Configuration;

/// <summary>Pulumi.yaml agrees with the library: the same project, the same keys, the same defaults.</summary>
public sealed class ProjectFileTests
{
    public static TheoryData<string> Stacks => new() { "dev", "prod" };

    [Fact]
    public void Project_is_the_dotnet_program_in_infra()
    {
        // Act / Assert
        Assert.Equal(StackDefaults.Project, ProjectFile.Attribute("name"));
        Assert.Equal("dotnet", ProjectFile.Attribute("runtime"));
        Assert.Equal("infra/", ProjectFile.Attribute("main"));
        Assert.True(File.Exists(Path.Combine(Repository.Root, "infra", "OneQOrder.Infra.csproj")));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Every_declared_key_without_a_default_is_set_by_every_committed_stack(string stack)
    {
        // Arrange: Pulumi refuses to run a stack missing a declared project key that has no default.
        var set = StackFileOnly(stack);

        // Act
        var missing = ProjectFile.Declarations.Keys
            .Where(key => !ProjectFile.Defaults.ContainsKey(key) && !set.ContainsKey(key))
            .ToList();

        // Assert
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Declared_defaults_change_no_setting(string stack)
    {
        // Arrange
        var fileOnly = new DictionaryConfigSource(stack, StackFileOnly(stack));
        var withDefaults = new DictionaryConfigSource(stack, WithDeclaredDefaults(StackFileOnly(stack)));

        // Act
        var expected = StackConfiguration.LoadOrThrow(fileOnly);
        var actual = StackConfiguration.LoadOrThrow(withDefaults);

        // Assert
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    [Fact]
    public void Environment_default_is_the_library_default()
    {
        // Act
        var declared = ProjectFile.Defaults[$"{StackDefaults.Project}:environment"].GetValue<string>();

        // Assert
        Assert.Equal(StackDefaults.Environment.ToString().ToLowerInvariant(), declared);
    }

    [Theory]
    [InlineData("cloud")]
    [InlineData("environment")]
    [InlineData("network")]
    [InlineData("cluster")]
    [InlineData("mesh")]
    [InlineData("monitoring")]
    [InlineData("monitoringSecrets")]
    [InlineData("namespaces")]
    [InlineData("services")]
    [InlineData("calls")]
    [InlineData("ingress")]
    [InlineData("gcp:project")]
    [InlineData("gcp:region")]
    [InlineData("aws:region")]
    public void Every_key_the_program_reads_is_documented(string key)
    {
        // Act / Assert: declared, or (services, calls, ingress, provider keys) described in the file's comments.
        Assert.True(
            ProjectFile.Declarations.ContainsKey($"{StackDefaults.Project}:{key}")
                || ProjectFile.Text.Contains($"#   {key}", StringComparison.Ordinal)
                || ProjectFile.Text.Contains($"# {key} (", StringComparison.Ordinal),
            $"{key} is neither declared nor documented in Pulumi.yaml");
    }

    /// <summary>Exactly what <c>Pulumi.&lt;stack&gt;.yaml</c> holds, read with the library's <see cref="StackFile"/>.</summary>
    private static Dictionary<string, JsonNode?> StackFileOnly(string stack)
    {
        var file = StackFile.Load(Repository.Root, stack);
        Assert.Empty(file.Errors);
        var source = file.Source!;
        return source.Keys!.ToDictionary(k => k, source.Get, StringComparer.Ordinal);
    }

    /// <summary>The stack's values with Pulumi.yaml's declared defaults for the keys it leaves out, as the Pulumi CLI merges them.</summary>
    private static Dictionary<string, JsonNode?> WithDeclaredDefaults(Dictionary<string, JsonNode?> values)
    {
        foreach (var (key, value) in ProjectFile.Defaults)
        {
            values.TryAdd(key, value.DeepClone());
        }

        return values;
    }
}
