using System.CommandLine;
using System.Text.RegularExpressions;

namespace OneQOrder.Plan;

/// <summary>How the report is printed on standard output.</summary>
public enum ReportFormat
{
    /// <summary>The readable report (the default).</summary>
    Text,

    /// <summary>One JSON document of the shape documented in docs/plan-command.md.</summary>
    Json,

    /// <summary>The Mermaid <c>flowchart LR</c> of the allowed calls (docs/kubernetes-layer.md), for the README.</summary>
    Mermaid,
}

/// <summary>The parsed command line of <c>plan</c>.</summary>
/// <param name="Stack">The stack name: reads <c>Pulumi.&lt;stack&gt;.yaml</c>.</param>
/// <param name="Root">The folder holding the stack files (absolute).</param>
/// <param name="Format">What standard output gets.</param>
/// <param name="OutDirectory">Where to write the plan's files (absolute), or null to write none.</param>
/// <param name="Force">Write into a non-empty <paramref name="OutDirectory"/>, overwriting the files the plan writes.</param>
public sealed record PlanOptions(string Stack, string Root, ReportFormat Format, string? OutDirectory, bool Force);

/// <summary>The outcome of parsing: options, or usage errors, or a request for help already answered.</summary>
internal sealed record ParsedCommandLine(PlanOptions? Options, IReadOnlyList<string> Errors, bool HelpShown);

/// <summary>
/// The command line, declared with System.CommandLine. Only parsing is delegated to it; running stays in
/// <see cref="PlanCommand"/> so exit codes and output streams are ours (System.CommandLine's own parse-error action
/// exits 1, which this command reserves for invalid stack settings).
/// </summary>
internal sealed partial class PlanCommandLine
{
    public const string Usage = "usage: plan <stack> [--root DIR] [--format text|json|mermaid] [--out DIR [--force]]";

    private readonly Argument<string> stackArgument = new("stack")
    {
        Description = "The stack to plan: reads Pulumi.<stack>.yaml from the root folder (e.g. dev, prod).",
    };

    private readonly Option<string?> rootOption = new("--root")
    {
        Description = "The folder holding Pulumi.<stack>.yaml (default: the current folder).",
        HelpName = "DIR",
    };

    private readonly Option<string> formatOption = CreateFormatOption();

    private readonly Option<string?> outOption = new("--out")
    {
        Description = "Also write the plan's files (plan.json, plan.txt, plan.mmd, rendered manifests and Helm values) to this folder. Refuses a non-empty folder unless --force is given.",
        HelpName = "DIR",
    };

    private readonly Option<bool> forceOption = new("--force")
    {
        Description = "With --out: write into a non-empty folder, overwriting the files the plan writes (other files are left alone).",
    };

    /// <summary>Parses one command line. The symbols are built per call: System.CommandLine does not promise that a
    /// command tree may be shared between threads, and the in-process tests run in parallel.</summary>
    public static ParsedCommandLine Parse(string[] args, string workingDirectory, TextWriter stdout, TextWriter stderr) =>
        new PlanCommandLine().ParseCore(args, workingDirectory, stdout, stderr);

    private ParsedCommandLine ParseCore(string[] args, string workingDirectory, TextWriter stdout, TextWriter stderr)
    {
        RootCommand command = new("Plans a OneQOrder.Infra stack offline: validates its settings and prints what it would build.")
        {
            stackArgument, rootOption, formatOption, outOption, forceOption,
        };
        var result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            return new(null, result.Errors.Select(e => e.Message).ToList(), HelpShown: false);
        }

        if (result.Action is not null)
        {
            // --help (or --version): the only actions declared; let System.CommandLine print them to our writers.
            result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return new(null, [], HelpShown: true);
        }

        List<string> errors = [];
        var given = result.GetValue(stackArgument) ?? string.Empty;
        var segments = given.Split('/');
        var stack = segments[^1];
        if (segments.Length > 3 || !segments.All(StackName().IsMatch))
        {
            // Pulumi stack names: letters, digits, '-', '_' and '.', optionally qualified as org/stack or
            // org/project/stack (Pulumi docs, "Stacks": fully qualified stack names); anything else (a path) would
            // escape the root folder.
            errors.Add($"stack name '{given}' is not a Pulumi stack name (letters, digits, '-', '_' and '.'; or org/stack, org/project/stack)");
        }
        else if (segments.Length == 3 && segments[1] != Platform.Settings.StackDefaults.Project)
        {
            errors.Add($"stack name '{given}' names project '{segments[1]}'; this is project {Platform.Settings.StackDefaults.Project}");
        }

        var output = result.GetValue(outOption);
        if (output is not null && string.IsNullOrWhiteSpace(output))
        {
            errors.Add("--out needs a folder path (got an empty one)");
            output = null;
        }

        var force = result.GetValue(forceOption);
        if (force && result.GetValue(outOption) is null)
        {
            errors.Add("--force applies only with --out");
        }

        var formatText = result.GetValue(formatOption) ?? "text";
        var format = formatText.ToLowerInvariant() switch
        {
            "text" => ReportFormat.Text,
            "json" => ReportFormat.Json,
            "mermaid" => ReportFormat.Mermaid,
            _ => (ReportFormat?)null,
        };
        if (format is null)
        {
            errors.Add($"--format '{formatText}' is not one of text, json, mermaid");
        }

        var root = Path.GetFullPath(result.GetValue(rootOption) ?? ".", workingDirectory);
        var outDirectory = output is null ? null : Path.GetFullPath(output, workingDirectory);
        return errors.Count > 0
            ? new(null, errors, HelpShown: false)
            : new(new PlanOptions(stack, root, format!.Value, outDirectory, force), [], HelpShown: false);
    }

    private static Option<string> CreateFormatOption()
    {
        Option<string> option = new("--format")
        {
            Description = "text (a readable report), json (one JSON document) or mermaid (the allowed-calls diagram).",
            DefaultValueFactory = _ => "text",
        };
        // Checked in ParseCore, case-insensitively (AcceptOnlyFromAmong would refuse JSON).
        return option;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex StackName();
}
