using BenchmarkDotNet.Attributes;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Benchmarks;

/// <summary>
/// Builds the whole plan and renders every file for a catalogue of N services whose calls form a chain
/// (s0 → s1 → … → sN-1), the shape where each namespace has one caller and one callee, so cost should grow
/// linearly in N. Target: 100 services under 200 ms and 100 MB allocated.
/// </summary>
[MemoryDiagnoser]
public class PlanBenchmarks
{
    private ValidatedSettings settings = null!;

    [Params(5, 100)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => settings = SyntheticStack.WithChain(Services);

    [Benchmark]
    public int BuildAndRender()
    {
        var plan = PlatformPlanner.Build(settings);
        return LayerOutput.Files(plan).Sum(f => f.Yaml.Length) + LayerOutput.CallMatrix(plan.Tenants).Length + LayerOutput.Mermaid(plan.Tenants, plan.Edge).Length;
    }
}
