using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>One fault, one error, blamed on the key that is wrong; messages read the way the docs print them.</summary>
public sealed class MessageNoiseTests
{
    private const string P = "oneq-order-infra";

    private static IReadOnlyList<ConfigError> Errors(string stack, string yaml) => StackConfiguration.Load(Config.FromYaml(stack, yaml)).Errors;

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void A_misspelt_environment_is_one_error_not_a_cascade_of_production_guardrails(string stack)
    {
        // The committed dev stack relaxes CP-08 and MESH-02 as a test stack; with "staging" neither may be judged.
        var text = File.ReadAllText(Path.Combine(Repository.Root, $"Pulumi.{stack}.yaml"))
            .Replace($"{P}:environment: {(stack == "dev" ? "test" : "production")}", $"{P}:environment: staging", StringComparison.Ordinal);
        var file = StackFile.Parse(stack, text);

        var errors = StackConfiguration.Load(file.Source!).Errors;

        Assert.Equal([$"{P}:environment: got \"staging\"; expected test or production"], errors.Select(e => e.Message));
    }

    [Fact]
    public void A_gcp_stack_name_that_makes_every_service_account_id_too_long_is_blamed_on_the_stack_name()
    {
        var errors = Errors("oneq-very-long-stack-name-here-ab", Config.MinimalGcp);

        Assert.Equal(
            ["stack: got \"oneq-very-long-stack-name-here-ab\"; expected a stack name of at most 14 characters on gcp: GCP service account ids are oneq-<stack>-<service>, at most 30 characters, and the longest service name has 10"],
            errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("podPrefixLength: 8", "podPrefixLength", "8", "the pod range")]
    [InlineData("servicePrefixLength: 16\n  cidr: 10.0.0.0/20", "servicePrefixLength", "16", "the service range")]
    public void A_range_larger_than_the_network_is_blamed_on_its_own_prefix_length(string network, string key, string value, string what)
    {
        var errors = Errors("facts", Config.MinimalGcp + $"\n{P}:network:\n  {network}");

        var cidr = network.Contains("cidr", StringComparison.Ordinal) ? "10.0.0.0/20" : "10.0.0.0/16";
        var prefix = cidr[^2..];
        Assert.Equal([$"{P}:network.{key}: got \"{value}\"; expected a prefix length of at least {prefix}: {what} must fit inside network.cidr {cidr}"], errors.Select(e => e.Message));
    }

    [Fact]
    public void A_default_prefix_that_does_not_fit_a_small_network_is_blamed_on_the_network()
    {
        var errors = Errors("facts", Config.MinimalGcp + $"\n{P}:network:\n  cidr: 10.0.0.0/22");

        Assert.Equal([$"{P}:network.cidr"], errors.Select(e => e.Key));
    }

    [Fact]
    public void The_non_relaxable_message_reads_as_the_guardrail_docs_print_it()
    {
        var docs = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "guardrails.md"))
            .Single(l => l.Contains("may not be relaxed;", StringComparison.Ordinal)).Trim();
        var errors = Errors("facts", Config.MinimalGcp + $"\n{P}:environment: test\n{P}:cluster:\n  publicNodeIps: true");

        var message = Assert.Single(errors).Message;
        // The docs shorten the sources to "…)"; everything before is the real message.
        Assert.StartsWith(docs[..docs.IndexOf('…', StringComparison.Ordinal)], message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("production", true)]
    [InlineData("prod-eu", true)]
    [InlineData("production-eu", true)]
    [InlineData("product-demo", false)]
    [InlineData("prodx", false)]
    public void Only_production_names_must_be_production_stacks(string stack, bool refused)
    {
        var errors = Errors(stack, Config.MinimalGcp + $"\n{P}:environment: test");

        Assert.Equal(refused ? [$"{P}:environment"] : [], errors.Select(e => e.Key));
    }
}
