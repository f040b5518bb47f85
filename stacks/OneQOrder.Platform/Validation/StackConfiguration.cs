using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Network;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Validation;

/// <summary>
/// The edge of the library: raw config in, valid settings or every error out. The <c>plan</c> command and the Pulumi
/// program both call <see cref="Load(IConfigSource)"/>, so they accept and reject exactly the same stacks. It is the one place that
/// creates <see cref="ValidatedSettings"/>, the only input the planners take.
/// </summary>
public static class StackConfiguration
{
    /// <summary>Reads and validates. Type errors and rule violations are reported together; <see cref="SettingsResult.Validated"/> is set when there are none.</summary>
    public static SettingsResult Load(IConfigSource source) => Load(source, Today);

    /// <summary>
    /// Like <see cref="Load(IConfigSource)"/>, judging the Kubernetes version's support on <paramref name="today"/>
    /// (<see cref="SettingsValidator.SupportErrors"/>): a test pins the day, the edges pass the real one.
    /// </summary>
    public static SettingsResult Load(IConfigSource source, DateOnly today)
    {
        var read = SettingsReader.Read(source);
        // With no known cloud, only what is wrong on every cloud is reported: a rule of the stand-in cloud (GKE's
        // rbacGroup, release channel, control-plane range) would be noise about a cloud the stack never chose.
        // Likewise with an unknown environment: only what is wrong in a test and a production stack alike.
        // A key the reader reported holds a stand-in (a default, an empty list): a rule that judges the stand-in, on that
        // key or under it, would report the same fault twice (an ingress that is not a mapping, then its missing hostnames).
        var rules = SettingsValidator.ValidateUndecided(read.Settings, read.CloudKnown, read.EnvironmentKnown)
            .Where(rule => !read.Errors.Any(reported => Within(rule.Key, reported.Key)))
            .ToList();
        var decided = read.CloudKnown && read.EnvironmentKnown;
        List<ConfigError> errors = [.. read.Errors, .. rules, .. decided ? SettingsValidator.SupportErrors(read.Settings, today) : []];
        return read with
        {
            Errors = errors,
            Warnings = read.CloudKnown ? [.. SettingsValidator.Warnings(read.Settings), .. decided ? SettingsValidator.SupportWarnings(read.Settings, today) : []] : [],
            Validated = errors.Count == 0 ? Accept(read.Settings) : null,
        };
    }

    /// <summary>True when <paramref name="key"/> is <paramref name="reported"/> or one of its members or elements.</summary>
    private static bool Within(string key, string reported) =>
        key == reported || (key.StartsWith(reported, StringComparison.Ordinal) && key[reported.Length] is '.' or '[');

    /// <summary>Names the day to judge on instead of today (<c>yyyy-MM-dd</c>): reproducible plans, and test suites whose results must not change with the date.</summary>
    public const string TodayVariable = "ONEQ_TODAY";

    /// <summary>
    /// The day the calendar rules judge a stack on, and the day its cost is estimated for: today in UTC, or the day
    /// <see cref="TodayVariable"/> names.
    /// </summary>
    public static DateOnly Today => Environment.GetEnvironmentVariable(TodayVariable) is { Length: > 0 } day
        ? DateOnly.TryParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var pinned)
            ? pinned
            : throw new InvalidOperationException($"{TodayVariable}={day}: expected a date written yyyy-MM-dd")
        : DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Like <see cref="Load(IConfigSource)"/>, but throws <see cref="InvalidStackConfigurationException"/> listing every error.</summary>
    public static ValidatedSettings LoadOrThrow(IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = Load(source);
        return result.Validated ?? throw new InvalidStackConfigurationException(source.Stack, result.Errors);
    }

    /// <summary>
    /// Validates typed settings that did not come from a stack file (a derived variant in a test or benchmark) by the
    /// same rules; throws <see cref="InvalidStackConfigurationException"/> listing every error.
    /// </summary>
    public static ValidatedSettings Validate(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = SettingsValidator.Validate(settings);
        return errors.Count == 0 ? Accept(settings) : throw new InvalidStackConfigurationException(settings.Stack, errors);
    }

    /// <summary>Settings every rule passed: the network rule has checked that the blocks fit, so carving them cannot fail.</summary>
    private static ValidatedSettings Accept(StackSettings settings)
    {
        var blocks = Cidr.TryParse(settings.Network.Cidr, out var vpc) ? Cidr.Allocate(vpc, NetworkPlanner.RequiredBlocks(settings)) : null;
        return new ValidatedSettings(settings, blocks?.Select(b => b.ToString()).ToList()
            ?? throw new InvalidOperationException($"validation accepted network.cidr {settings.Network.Cidr}, which cannot hold the planned blocks"));
    }
}
