namespace OneQOrder.Platform.Settings;

/// <summary>
/// Settings the validator accepted, and what it worked out on the way: the only input the planners take. Only the
/// validation layer creates one (<c>StackConfiguration.Load</c>, <c>StackConfiguration.Validate</c>): the constructor
/// is internal, so holding one means every rule passed and a planner needs no "validate settings first" check.
/// </summary>
public sealed class ValidatedSettings
{
    internal ValidatedSettings(StackSettings settings, IReadOnlyList<string> networkBlocks)
    {
        Settings = settings;
        NetworkBlocks = ValueList.From(networkBlocks);
    }

    /// <summary>The settings as read; every validation rule passed on them.</summary>
    public StackSettings Settings { get; }

    /// <summary>
    /// The blocks validation carved out of <c>network.cidr</c> when it checked they fit, in the order of
    /// <c>NetworkPlanner.RequiredBlocks</c>: AWS private then public subnets per zone; GCP nodes, pods, services.
    /// </summary>
    public IReadOnlyList<string> NetworkBlocks { get; }

    /// <summary>Shorthand for <see cref="StackSettings.Cloud"/>.</summary>
    public Cloud Cloud => Settings.Cloud;

    /// <summary>Value equality: the same settings validate to the same blocks.</summary>
    public override bool Equals(object? obj) => obj is ValidatedSettings other && Settings.Equals(other.Settings) && NetworkBlocks.Equals(other.NetworkBlocks);

    /// <inheritdoc />
    public override int GetHashCode() => Settings.GetHashCode();
}
