using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;

namespace OneQOrder.Plan;

/// <summary>The offline <c>plan &lt;stack&gt;</c> command. Returns the process exit code.</summary>
public static class PlanCommand
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length < 1)
        {
            stderr.WriteLine("usage: plan <stack>");
            return 2;
        }

        var file = StackFile.Load(workingDirectory, args[0]);
        var result = file.Source is null ? null : StackConfiguration.Load(file.Source);
        var errors = result?.Errors ?? file.Errors;
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                stderr.WriteLine(error.Message);
            }

            return 1;
        }

        var plan = PlatformPlanner.Build(result!.Settings);
        stdout.WriteLine($"stack {plan.Settings.Stack}: {plan.Cluster.Kind} on {plan.Settings.Cloud} in {plan.Settings.Provider.Region}");
        return 0;
    }
}
