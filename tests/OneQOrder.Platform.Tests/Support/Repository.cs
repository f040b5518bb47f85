using System.Reflection;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>Where the repository and the optional <c>../shared/</c> folder are, and the committed stacks.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>
    /// <c>../shared/</c> beside the checkout, or the folder <c>ONEQ_SHARED</c> names: GitHub CI has no <c>../shared</c>
    /// and fetches the pinned upstream files there (scripts/fetch-shared.sh). Absent on some machines, where tests
    /// that need it skip and say so.
    /// </summary>
    public static string Shared { get; } = Path.GetFullPath(
        Environment.GetEnvironmentVariable("ONEQ_SHARED") is { Length: > 0 } fetched ? fetched : Path.Combine(Root, "..", "shared"));

    public static bool HasShared(string subfolder) => Directory.Exists(Path.Combine(Shared, subfolder));

    public static string SkipReason(string subfolder) =>
        $"../shared/{subfolder} is not present beside this checkout ({Path.Combine(Shared, subfolder)}); this check needs it (scripts/fetch-shared.sh DIR and ONEQ_SHARED=DIR provide it)";

    /// <summary>The settings of a committed stack file; fails the test if the file is invalid.</summary>
    public static StackSettings Stack(string name) => Validated(name).Settings;

    /// <summary>A committed stack as the planners take it: validated by the real validator; fails the test if the file is invalid.</summary>
    public static ValidatedSettings Validated(string name)
    {
        var file = StackFile.Load(Root, name);
        Assert.Empty(file.Errors);
        return StackConfiguration.LoadOrThrow(file.Source!);
    }
}
