using BenchmarkDotNet.Running;

// Without arguments BenchmarkSwitcher asks on the console which benchmark to run, so a documented command without
// --filter would wait instead of measuring: run them all.
BenchmarkSwitcher.FromAssembly(typeof(OneQOrder.Platform.Benchmarks.PlanBenchmarks).Assembly)
    .Run(args.Length == 0 ? ["--filter", "*"] : args);
