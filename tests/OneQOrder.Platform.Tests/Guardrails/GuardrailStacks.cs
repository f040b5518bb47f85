using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Guardrails;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Guardrails;

/// <summary>Stacks for guardrail tests: the minimal stack of a cloud plus a few keys, loaded the way the plan command loads them.</summary>
internal static class GuardrailStacks
{
    /// <summary>The minimal stack of <paramref name="cloud"/> (<c>gcp</c> or <c>aws</c>) plus <paramref name="extra"/> config lines.</summary>
    public static string Yaml(string cloud, string extra = "") =>
        (cloud == "gcp" ? Config.MinimalGcp : Config.MinimalAws) + "\n" + extra;

    /// <summary>Reads and validates; the result may carry errors.</summary>
    public static SettingsResult Load(string cloud, string extra = "") =>
        StackConfiguration.Load(Config.FromYaml("guard", Yaml(cloud, extra)));

    /// <summary>The plan of a valid stack; fails the test if the stack is invalid.</summary>
    public static PlatformPlan Plan(string cloud, string extra = "")
    {
        var result = Load(cloud, extra);
        Assert.Empty(result.Errors);
        return PlatformPlanner.Build(Assert.IsType<ValidatedSettings>(result.Validated));
    }

    /// <summary>A test stack: the only kind that may relax anything.</summary>
    public const string TestEnvironment = "oneq-order-infra:environment: test\n";

    /// <summary>The keys of the errors, sorted, for exact-set assertions.</summary>
    public static IReadOnlyList<string> Keys(this SettingsResult result) =>
        result.Errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

    public static Cloud ToCloud(string cloud) => cloud == "gcp" ? Cloud.Gcp : Cloud.Aws;

    /// <summary>Asserts a control's catalogue metadata.</summary>
    public static GuardrailControl AssertControl(string id, int row, GuardrailLayer layer, bool relaxableInTest, params string[] settingKeys)
    {
        var control = GuardrailCatalogue.Find(id);
        Assert.Equal(row, control.Catalogue);
        Assert.Equal(layer, control.Layer);
        Assert.Equal(relaxableInTest, control.RelaxableInTest);
        Assert.Equal(settingKeys, control.SettingKeys);
        Assert.NotEmpty(control.Sources);
        Assert.False(string.IsNullOrWhiteSpace(control.Implementation));
        return control;
    }

    /// <summary>Asserts the control passes on the default (production-posture) stack of <paramref name="cloud"/> and returns its evidence.</summary>
    public static string AssertPasses(string id, string cloud, string extra = "")
    {
        var entry = Plan(cloud, extra).Guardrails[id];
        Assert.Equal(GuardrailStatus.Pass, entry.Status);
        Assert.Empty(entry.Relaxations);
        return entry.Detail;
    }

    /// <summary>Asserts the control is not applicable on <paramref name="cloud"/>, with a reason in the report.</summary>
    public static void AssertNotApplicable(string id, string cloud)
    {
        var control = GuardrailCatalogue.Find(id);
        var entry = Plan(cloud).Guardrails[id];
        Assert.Equal(GuardrailStatus.NotApplicable, entry.Status);
        Assert.DoesNotContain(ToCloud(cloud), control.Clouds);
        Assert.Equal(control.NotApplicableReason(ToCloud(cloud)), entry.Detail);
        Assert.False(string.IsNullOrWhiteSpace(entry.Detail));
    }

    /// <summary>
    /// Asserts that setting <paramref name="relaxing"/> is rejected in production, naming the key and control; and in a
    /// test stack either reported as relaxed (relaxable controls) or rejected too.
    /// </summary>
    public static void AssertRelaxation(string id, string cloud, string relaxing, string key, string value)
    {
        var control = GuardrailCatalogue.Find(id);
        var fullKey = $"oneq-order-infra:{key}";

        var production = Load(cloud, relaxing);
        var error = Assert.Single(production.Errors);
        Assert.Equal(fullKey, error.Key);
        Assert.Equal(value, error.Value);
        Assert.Contains($"in production (guardrail {id} \"{control.Title}\"; {control.SourceLine})", error.Message, StringComparison.Ordinal);

        var test = Load(cloud, TestEnvironment + relaxing);
        if (control.RelaxableInTest)
        {
            Assert.Empty(test.Errors);
            var entry = PlatformPlanner.Build(Assert.IsType<ValidatedSettings>(test.Validated)).Guardrails[id];
            Assert.Equal(GuardrailStatus.Relaxed, entry.Status);
            var relaxation = Assert.Single(entry.Relaxations);
            Assert.Equal((key, value), (relaxation.Key, relaxation.Value));
            Assert.Contains(control.TestRelaxationReason!, entry.Detail, StringComparison.Ordinal);
        }
        else
        {
            var testError = Assert.Single(test.Errors);
            Assert.Equal(fullKey, testError.Key);
            Assert.Contains($"even in a test stack (guardrail {id} \"{control.Title}\"", testError.Message, StringComparison.Ordinal);
        }
    }
}
