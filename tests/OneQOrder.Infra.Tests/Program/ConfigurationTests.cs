using OneQOrder.Infra.Configuration;
using OneQOrder.Infra.Tests.Support;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Infra.Tests.Programs;

/// <summary>The program reads config through Pulumi and refuses an invalid stack before creating anything.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Invalid_config_fails_with_every_error_before_any_resource_is_registered()
    {
        // Arrange: three independent mistakes in the committed dev stack.
        var config = StackConfig.Committed("dev")
            .With("oneq-order-infra:cloud", "azure")
            .With("oneq-order-infra:environment", "staging")
            .Without("gcp:region");

        // Act
        var (error, recorder) = await MockDeployment.RunExpectingFailureAsync(config);

        // Assert: the library finds these errors in this config; the deployment reports each of them and created nothing.
        var expected = StackConfiguration.Load(new DictionaryConfigSource("dev", config.Values)).Errors;
        Assert.Contains(expected, e => e.Key == "oneq-order-infra:cloud");
        Assert.Contains(expected, e => e.Key == "oneq-order-infra:environment");
        Assert.IsType<Pulumi.RunException>(error);
        Assert.Contains(nameof(InvalidStackConfigurationException), error.Message, StringComparison.Ordinal);
        Assert.Contains($"has {expected.Count} configuration error(s)", error.Message, StringComparison.Ordinal);
        foreach (var e in expected)
        {
            Assert.Contains(e.Message, error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(recorder.Resources);
        recorder.Mock.Verify(m => m.NewResourceAsync(Moq.It.IsAny<Pulumi.Testing.MockResourceArgs>()), Moq.Times.Never());
    }

    [Fact]
    public async Task An_unknown_project_key_fails_the_program_before_any_resource_like_the_plan_command()
    {
        // Arrange: a typo of a top-level key, which only a source that lists its keys can catch.
        var config = StackConfig.Committed("prod").With("oneq-order-infra:clustr", System.Text.Json.Nodes.JsonNode.Parse("""{"publicAccessCidrs":[]}"""));
        var planErrors = StackConfiguration.Load(new DictionaryConfigSource("prod", config.Values)).Errors;

        // Act
        var (error, recorder) = await MockDeployment.RunExpectingFailureAsync(config);

        // Assert: the plan command's reader names the key, and so does the program, with nothing registered.
        var unknown = Assert.Single(planErrors);
        Assert.Equal("oneq-order-infra:clustr", unknown.Key);
        Assert.Contains(unknown.Message, error.Message, StringComparison.Ordinal);
        Assert.Empty(recorder.Resources);
    }

    [Theory]
    [InlineData("""{"oneq-order-infra:cloud":"aws","aws:region":"x"}""", "oneq-order-infra:cloud,aws:region")]
    [InlineData("""{"oneq-order-infra:config:cloud":"aws"}""", "oneq-order-infra:cloud")]
    [InlineData("not json", null)]
    [InlineData("", null)]
    public void Keys_are_read_from_the_config_the_language_host_passes(string pulumiConfig, string? expected)
    {
        // Act
        var keys = PulumiConfigSource.KeysOf(pulumiConfig);

        // Assert
        Assert.Equal(expected, keys is null ? null : string.Join(',', keys));
    }

    [Fact]
    public async Task Committed_dev_stack_reads_through_pulumi_config_like_the_plan_command()
    {
        // Arrange
        var config = StackConfig.Committed("dev");
        var fromFile = StackConfiguration.LoadOrThrow(StackFile.Load(Platform.Tests.Support.Repository.Root, "dev").Source!);

        // Act
        var result = await MockDeployment.RunAsync(config, preview: true);

        // Assert
        Assert.Equal("gcp", await result.OutputValueAsync<string>("cloud"));
        Assert.Equal(Infra.Program.LoadPlan(new DictionaryConfigSource("dev", config.Values)).Cluster.Name,
            await result.OutputValueAsync<string>("clusterName"));
        Assert.Equal(OneQOrder.Platform.Settings.Cloud.Gcp, fromFile.Cloud);
    }

    [Fact]
    public void A_machine_type_the_catalogue_does_not_list_is_planned_with_the_warning_plan_prints()
    {
        // Arrange: the committed dev stack with a plausible GCE type the dated catalogue lacks.
        var dev = StackConfig.Committed("dev");
        var cluster = dev.Values["oneq-order-infra:cluster"]!.DeepClone().AsObject();
        cluster["nodePools"]![0]!["machineType"] = "z9-standard-8";
        var config = dev.With("oneq-order-infra:cluster", cluster);

        // Act
        var (plan, warnings) = Infra.Program.Load(new DictionaryConfigSource(config.Stack, config.Values));

        // Assert: planned as written, and the warning Run logs (Log.Warn) names the key.
        Assert.Equal("z9-standard-8", plan.Cluster.NodePools[0].MachineType);
        Assert.Equal("oneq-order-infra:cluster.nodePools[0].machineType", Assert.Single(warnings).Key);
    }
}
