using BenchmarkDotNet.Attributes;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Benchmarks;

/// <summary>
/// What the cost section adds to <c>plan</c>: the monthly estimate (<see cref="CostEstimator.Estimate"/>) and the fit
/// check (<see cref="Sizing.Fit"/>) of an already built plan. Target (issue 13): under 5 ms.
/// </summary>
[MemoryDiagnoser]
public class CostBenchmarks
{
    private PlatformPlan plan = null!;

    [Params(5, 100)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => plan = PlatformPlanner.Build(SyntheticStack.WithChain(Services));

    [Benchmark]
    public decimal EstimateAndFit() =>
        CostEstimator.Estimate(plan, new DateOnly(2026, 11, 27)).MonthlyAtMinimum + Sizing.Fit(plan).Sum(f => f.Pods);
}
