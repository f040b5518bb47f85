using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Validation;

/// <summary>
/// The edge of the library: raw config in, valid settings or every error out. The <c>plan</c> command and the Pulumi
/// program both call <see cref="Load"/>, so they accept and reject exactly the same stacks.
/// </summary>
public static class StackConfiguration
{
    /// <summary>Reads and validates. Type errors and rule violations are reported together.</summary>
    public static SettingsResult Load(IConfigSource source)
    {
        var read = SettingsReader.Read(source);
        // With no known cloud, only what is wrong on every cloud is reported: a rule of the stand-in cloud (GKE's
        // rbacGroup, release channel, control-plane range) would be noise about a cloud the stack never chose.
        // Likewise with an unknown environment: only what is wrong in a test and a production stack alike.
        var rules = SettingsValidator.ValidateUndecided(read.Settings, read.CloudKnown, read.EnvironmentKnown);
        return read with
        {
            Errors = [.. read.Errors, .. rules],
            Warnings = read.CloudKnown ? SettingsValidator.Warnings(read.Settings) : [],
        };
    }

    /// <summary>Like <see cref="Load"/>, but throws <see cref="InvalidStackConfigurationException"/> listing every error.</summary>
    public static StackSettings LoadOrThrow(IConfigSource source)
    {
        var result = Load(source);
        return result.IsValid ? result.Settings : throw new InvalidStackConfigurationException(source.Stack, result.Errors);
    }
}
