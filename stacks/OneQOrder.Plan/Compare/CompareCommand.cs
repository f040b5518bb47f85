using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OneQOrder.Plan.Compare;

/// <summary>
/// <c>plan compare --stack S --head HEAD.json [--base BASE.json] [--preview PREVIEW.txt]</c>: prints the pull-request
/// comment of <see cref="PlanComparison"/> (markdown) on standard output. A missing base file means the base branch
/// has no plan of the stack; a missing head file, or either file unreadable or of another stack, is an error (exit 1), never an empty comment.
/// </summary>
public static class CompareCommand
{
    public const string Usage = "usage: plan compare --stack STACK --head HEAD.json [--base BASE.json] [--preview PREVIEW.txt]";

    /// <summary>Runs the command on the arguments after <c>compare</c>. Returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Option<string> stackOption = new("--stack") { Description = "The stack the documents plan.", Required = true };
        Option<string> headOption = new("--head") { Description = "plan --format json of the pull request.", Required = true };
        Option<string?> baseOption = new("--base") { Description = "plan --format json of the base branch; absent file: no base plan." };
        Option<string?> previewOption = new("--preview") { Description = "The output of pulumi preview; absent file: no preview." };
        RootCommand command = new("Builds the pull-request comment of one stack from two plans and a preview.")
        {
            stackOption, headOption, baseOption, previewOption,
        };
        var result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine($"plan compare: {error.Message}");
            }

            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }

        if (result.Action is not null)
        {
            result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return ExitCodes.Success;
        }

        var stack = result.GetValue(stackOption)!;
        var head = Read(Path.GetFullPath(result.GetValue(headOption)!, workingDirectory), stack, required: true, stderr, out var headFailed);
        var baseFailed = false;
        var baseDocument = result.GetValue(baseOption) is { } basePath
            ? Read(Path.GetFullPath(basePath, workingDirectory), stack, required: false, stderr, out baseFailed)
            : null;
        if (headFailed || baseFailed || head is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        var previewPath = result.GetValue(previewOption) is { } p ? Path.GetFullPath(p, workingDirectory) : null;
        var preview = previewPath is not null && File.Exists(previewPath) ? File.ReadAllText(previewPath) : null;
        stdout.Write(PlanComparison.Markdown(stack, baseDocument, head, preview));
        return ExitCodes.Success;
    }

    private static JsonObject? Read(string path, string stack, bool required, TextWriter stderr, out bool failed)
    {
        failed = false;
        if (!File.Exists(path))
        {
            if (required)
            {
                stderr.WriteLine($"plan compare: {path} does not exist (the plan of the pull request is required)");
                failed = true;
            }

            return null;
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject document
                && document["stack"] is JsonValue value && value.TryGetValue<string>(out var name) && name == stack)
            {
                return document;
            }

            stderr.WriteLine($"plan compare: {path} is not a plan of stack {stack} (its \"stack\" is missing or different)");
        }
        catch (JsonException ex)
        {
            stderr.WriteLine($"plan compare: {path} is not JSON: {ex.Message}");
        }

        // A file that exists but is not a plan of the stack is a broken step before this one, for base and head alike.
        failed = true;
        return null;
    }
}
