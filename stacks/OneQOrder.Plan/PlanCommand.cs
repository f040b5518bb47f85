using OneQOrder.Plan.Output;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Plan;

/// <summary>The process exit codes of <c>plan</c> (docs/plan-command.md).</summary>
public static class ExitCodes
{
    /// <summary>The plan was printed (and written, with <c>--out</c>).</summary>
    public const int Success = 0;

    /// <summary>The stack file is missing, malformed or its settings are invalid: every error is on stderr, nothing was written.</summary>
    public const int InvalidConfiguration = 1;

    /// <summary>The command line is wrong, or <c>--out</c> names a non-empty folder without <c>--force</c>.</summary>
    public const int Usage = 2;

    /// <summary>The output folder could not be written (permissions, disk).</summary>
    public const int OutputFailed = 3;
}

/// <summary>
/// The offline <c>plan &lt;stack&gt;</c> command: reads <c>Pulumi.&lt;stack&gt;.yaml</c>, validates it with the same
/// <see cref="StackConfiguration.Load(OneQOrder.Platform.Configuration.IConfigSource, DateOnly)"/> the Pulumi program uses, and prints (and with <c>--out</c> writes) the plan.
/// Everything is checked before anything is printed or written.
/// </summary>
public static class PlanCommand
{
    /// <summary>Runs the command. Returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var commandLine = PlanCommandLine.Parse(args, workingDirectory, stdout, stderr);
        if (commandLine.HelpShown)
        {
            return ExitCodes.Success;
        }

        if (commandLine.Options is not { } options)
        {
            foreach (var error in commandLine.Errors)
            {
                stderr.WriteLine($"plan: {error}");
            }

            stderr.WriteLine(PlanCommandLine.Usage);
            return ExitCodes.Usage;
        }

        var file = StackFile.Load(options.Root, options.Stack);
        // One day for the whole run: the version's support is judged, and its control plane priced, on the same date.
        var today = StackConfiguration.Today;
        var result = file.Source is null ? null : StackConfiguration.Load(file.Source, today);
        var errors = result?.Errors ?? file.Errors;
        if (result is { Settings.EnvironmentIsDefault: true, EnvironmentKnown: true })
        {
            // Production is the default posture; say so, or the guardrail errors of a stack that never said "production" puzzle.
            stderr.WriteLine("note: oneq-order-infra:environment: not set, so production (every guardrail applies; a test stack sets it to test)");
        }

        if (result?.Validated is not { } validated)
        {
            foreach (var error in errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine($"plan: {StackFile.FileName(options.Stack)} has {errors.Count} error(s); nothing was planned or written");
            return ExitCodes.InvalidConfiguration;
        }

        foreach (var warning in result.Warnings)
        {
            stderr.WriteLine($"warning: {warning.Message}");
        }

        if (options.OutDirectory is { } outDirectory && OutputDirectory.Refusal(outDirectory, options.Force) is { } refusal)
        {
            stderr.WriteLine($"plan: {refusal}");
            return ExitCodes.Usage;
        }

        var rendering = PlanRendering.Create(PlatformPlanner.Build(validated), today);

        var report = options.Format switch
        {
            ReportFormat.Json => rendering.Json,
            ReportFormat.Mermaid => rendering.Mermaid,
            _ => rendering.Text,
        };

        // The files are written (atomically, OutputDirectory.Write) before the report is printed, so a run that fails
        // leaves stdout empty and the folder as it was.
        if (options.OutDirectory is { } output)
        {
            var files = rendering.Files();
            try
            {
                OutputDirectory.Write(output, files);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"plan: could not write to {output}: {ex.Message}");
                return ExitCodes.OutputFailed;
            }

            stdout.Write(report);
            stderr.WriteLine($"plan: wrote {files.Count} file(s) to {output}");
            return ExitCodes.Success;
        }

        stdout.Write(report);
        return ExitCodes.Success;
    }
}
