using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(OneQOrder.Platform.Benchmarks.PlanBenchmarks).Assembly).Run(args);
