using System.Runtime.CompilerServices;

namespace OneQOrder.Tests.Support;

/// <summary>
/// Pins the day the Kubernetes support calendar and the cost estimate judge on (ONEQ_TODAY), so a test suite gives the
/// same result every day. One file, compiled into every project under tests/ (tests/Directory.Build.props). The one
/// test that must watch the real date (a committed production version leaving standard support) reads the clock
/// itself: OneQOrder.Platform.Tests KubernetesSupportTests.
/// </summary>
internal static class PinnedDay
{
    /// <summary>The day the calendar and the price catalogue were read.</summary>
    public const string Day = "2026-11-27";

    [ModuleInitializer]
    internal static void Pin()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ONEQ_TODAY")))
        {
            Environment.SetEnvironmentVariable("ONEQ_TODAY", Day);
        }
    }
}
