using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Validation;

/// <summary>
/// The migration runbook (docs/operations.md, "Migration runbook: dev from GCP to AWS") is executed: its
/// <c>pulumi config</c> commands are applied to the committed <c>Pulumi.dev.yaml</c> the way the Pulumi CLI applies
/// them, and the result must plan. The README's short form (flip <c>cloud</c>, set <c>aws:region</c>) must fail with
/// errors that name each remaining change.
/// </summary>
public sealed partial class MigrationRunbookTests
{
    private const string P = "oneq-order-infra";

    [Fact]
    public void The_runbooks_commands_turn_the_dev_stack_into_a_valid_aws_stack()
    {
        var commands = RunbookCommands();
        var config = DevConfig();

        foreach (var command in commands)
        {
            Apply(config, command);
        }

        var result = StackConfiguration.Load(new DictionaryConfigSource("dev", config));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(Settings.Cloud.Aws, result.Settings.Cloud);
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b"], result.Settings.Provider.ZoneNames);
        Assert.Equal("m6i.xlarge", result.Settings.Cluster.NodePools[0].MachineType);
    }

    [Fact]
    public void Flipping_only_cloud_and_region_names_every_other_change_the_runbook_makes()
    {
        var config = DevConfig();
        var commands = RunbookCommands();
        Apply(config, commands[0]);
        Apply(config, commands[1]);

        var errors = StackConfiguration.Load(new DictionaryConfigSource("dev", config)).Errors;

        Assert.Equal(
            [
                $"{P}:network.podPrefixLength",
                $"{P}:network.servicePrefixLength",
                $"{P}:network.controlPlaneCidr",
                $"{P}:cluster.releaseChannel",
                $"{P}:network.zones",
                $"{P}:cluster.admins[0]",
                $"{P}:cluster.previewers[0]",
                $"{P}:cluster.nodePools[0].machineType",
                $"{P}:ingress.dnsZone",
            ],
            errors.Select(e => e.Key));
        Assert.Contains(errors, e => e.Message == $"{P}:cluster.nodePools[0].machineType: got \"e2-standard-4\"; expected an EC2 instance type such as m6i.xlarge: e2-standard-4 is a GCE machine type");
        Assert.Contains(errors, e => e.Message.StartsWith($"{P}:network.zones: got \"1\"; expected a whole number from 2 to 6 on aws", StringComparison.Ordinal));

        // Every key the short form gets wrong is one the runbook's later commands change.
        var changed = commands.Skip(2).Select(c => c.Key.Replace(":", ".", StringComparison.Ordinal)).ToList();
        Assert.All(errors, e => Assert.Contains(e.Key.Replace(":", ".", StringComparison.Ordinal), changed));
    }

    /// <summary>The dev stack after the runbook's commands: the same stack on AWS (what the edge parity test compares dev with).</summary>
    internal static StackSettings MigratedDev()
    {
        var config = DevConfig();
        foreach (var command in RunbookCommands())
        {
            Apply(config, command);
        }

        var result = StackConfiguration.Load(new DictionaryConfigSource("dev", config));
        Assert.Empty(result.Errors);
        return result.Settings;
    }

    /// <summary>One <c>pulumi config set|rm [--path] KEY [VALUE]</c>.</summary>
    private sealed record Command(bool Set, bool Path, string Key, string? Value);

    private static List<Command> RunbookCommands()
    {
        var doc = File.ReadAllText(System.IO.Path.Combine(Repository.Root, "docs", "operations.md"));
        var section = doc[doc.IndexOf("## Migration runbook: `dev` from GCP to AWS", StringComparison.Ordinal)..];
        var block = ShellBlock().Match(section).Groups[1].Value;
        List<Command> commands = [];
        foreach (var line in block.Split('\n'))
        {
            var code = line.Split('#', 2)[0];
            foreach (var part in code.Split("&&").Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('\'')).ToList();
                Assert.Equal(["pulumi", "config"], words.Take(2));
                var path = words.Remove("--path");
                var set = words[2] == "set";
                Assert.True(set || words[2] == "rm", part);
                commands.Add(new Command(set, path, words[3], set ? words[4] : null));
            }
        }

        Assert.True(commands.Count >= 4, "the runbook's shell block holds the migration commands");
        return commands;
    }

    private static Dictionary<string, JsonNode?> DevConfig()
    {
        var source = StackFile.Load(Repository.Root, "dev").Source!;
        return source.Keys!.ToDictionary(k => k, k => source.Get(k)?.DeepClone(), StringComparer.Ordinal);
    }

    /// <summary>What the Pulumi CLI does to the stack's config: a plain key is a top-level string; with --path the key is a path into an object.</summary>
    private static void Apply(Dictionary<string, JsonNode?> config, Command command)
    {
        if (!command.Path)
        {
            if (command.Set)
            {
                config[command.Key] = JsonValue.Create(command.Value);
            }
            else
            {
                config.Remove(command.Key);
            }

            return;
        }

        var steps = PathStep().Matches(command.Key).Select(m => m.Value).ToList();
        var top = steps[0];
        JsonNode parent = config[top] ?? throw new InvalidOperationException($"{top} is not set");
        for (var i = 1; i < steps.Count - 1; i++)
        {
            // `pulumi config set --path` creates a missing intermediate object (a.b.c on an a without b).
            if (command.Set && !steps[i].StartsWith('[') && Step(parent, steps[i]) is null)
            {
                parent.AsObject()[steps[i].TrimStart('.')] = new JsonObject();
            }

            parent = Step(parent, steps[i])!;
        }

        var last = steps[^1];
        if (last.StartsWith('['))
        {
            var index = int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(command.Set, "removing a list element is not used by the runbook");
            parent.AsArray()[index] = JsonValue.Create(command.Value);
        }
        else if (command.Set)
        {
            parent.AsObject()[last.TrimStart('.')] = JsonValue.Create(command.Value);
        }
        else
        {
            Assert.True(parent.AsObject().Remove(last.TrimStart('.')), $"{command.Key} is set in Pulumi.dev.yaml");
        }
    }

    private static JsonNode? Step(JsonNode node, string step) => step.StartsWith('[')
        ? node.AsArray()[int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture)]
        : node.AsObject()[step.TrimStart('.')];

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    /// <summary><c>oneq-order-infra:cluster.nodePools[0].machineType</c> → <c>oneq-order-infra:cluster</c>, <c>.nodePools</c>, <c>[0]</c>, <c>.machineType</c>.</summary>
    [GeneratedRegex(@"^[^.\[]+|\.[^.\[]+|\[\d+\]")]
    private static partial Regex PathStep();
}
