using System.Globalization;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Tests.Support;

namespace OneQOrder.Platform.Tests.Costs;

/// <summary>The README's estimate table is what the estimator computes for the committed stacks, so it cannot drift.</summary>
public sealed partial class ReadmeEstimateTests
{
    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_readme_shows_each_stacks_computed_estimate_and_ratio(string stack)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var estimate = CostEstimator.Estimate(PlatformPlanner.Build(Repository.Validated(stack)), DateOnly.Parse(PinnedDay.Day, CultureInfo.InvariantCulture));

        var row = Row().Matches(readme).SingleOrDefault(m => m.Groups["stack"].Value == stack);

        Assert.NotNull(row);
        Assert.Equal(
            (estimate.MonthlyAtMinimum, estimate.MonthlyAtMaximum, estimate.ReplacedDesignMonthly, estimate.RatioToReplaced),
            (Usd(row.Groups["min"].Value), Usd(row.Groups["max"].Value), Usd(row.Groups["replaced"].Value), (decimal?)decimal.Parse(row.Groups["ratio"].Value, CultureInfo.InvariantCulture)));
    }

    private static decimal Usd(string text) => decimal.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\| `(?<stack>[a-z]+)` \| \$(?<min>[0-9,.]+) \| \$(?<max>[0-9,.]+) \| \$(?<replaced>[0-9,.]+) \| (?<ratio>[0-9.]+) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
