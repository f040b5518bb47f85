using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>Issue 10 item 7: versions in standard support, by the dated calendar in Clouds/KubernetesVersionCalendar.cs.</summary>
public sealed class KubernetesSupportTests
{
    private const string P = StackDefaults.Project;
    private static readonly DateOnly Day = new(2026, 11, 27);

    private static SettingsResult Load(string cloud, string version, DateOnly day, bool test = false) =>
        StackConfiguration.Load(Config.FromYaml("support", (cloud == "gcp" ? Config.MinimalGcp : Config.MinimalAws)
            + $"\noneq-order-infra:cluster:\n  kubernetesVersion: \"{version}\""
            + (test ? "\n" + Guardrails.GuardrailStacks.TestEnvironment : string.Empty)), day);

    [Theory]
    [InlineData("aws", "1.33", "2026-07-29")]
    [InlineData("gcp", "1.34", "2026-08-30")]
    public void A_production_stack_past_the_end_of_standard_support_is_refused(string cloud, string version, string ended)
    {
        var result = Load(cloud, version, Day);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Validated);
        Assert.Equal($"{P}:cluster.kubernetesVersion", error.Key);
        Assert.Contains($"{version} left it on {ended}", error.Expected, StringComparison.Ordinal);
        Assert.Contains("1.35", error.Expected, StringComparison.Ordinal); // names what is in support that day
    }

    [Fact]
    public void A_test_stack_past_the_end_is_accepted_with_a_warning()
    {
        var result = Load("aws", "1.33", Day, test: true);

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("allowed on a test stack, priced as extended support", warning.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-27", true)]  // 90 days before 2027-03-27
    [InlineData("2026-12-26", false)] // 91 days before
    [InlineData("2027-03-26", true)]  // the last day of standard support
    public void A_version_warns_within_90_days_of_the_end_of_standard_support(string day, bool warns)
    {
        var result = Load("aws", "1.35", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Empty(result.Errors);
        Assert.Equal(warns, result.Warnings.Any(w => w.Expected.Contains("leaves it on 2027-03-27", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_production_version_is_refused_from_the_first_day_past_standard_support()
    {
        Assert.Empty(Load("aws", "1.35", new(2027, 3, 26)).Errors);
        Assert.Single(Load("aws", "1.35", new(2027, 3, 27)).Errors);
    }

    [Fact]
    public void A_version_the_calendar_does_not_list_is_a_warning_not_a_guess()
    {
        var result = Load("aws", "1.36", Day);

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Expected.Contains("its support dates are unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_in_standard_support_on_both_clouds_on_the_calendar_date()
    {
        foreach (var cloud in new[] { Cloud.Aws, Cloud.Gcp })
        {
            Assert.Equal(SupportStatus.Standard, KubernetesVersionCalendar.StatusOn(cloud, StackDefaults.KubernetesVersion, KubernetesVersionCalendar.AsOf));
        }
    }

    /// <summary>
    /// The one check on the real date: when the committed production stack's version leaves standard support, this
    /// fails (and so would <c>pulumi up</c>): upgrade <c>cluster.kubernetesVersion</c> and the calendar.
    /// </summary>
    [Fact]
    public void The_committed_production_stack_is_in_standard_support_today()
    {
        var file = StackFile.Load(Repository.Root, "prod");

        var result = StackConfiguration.Load(file.Source!, DateOnly.FromDateTime(DateTime.UtcNow));

        Assert.Empty(result.Errors);
    }
}
