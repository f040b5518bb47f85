using System.Text.RegularExpressions;
using OneQOrder.Platform.Configuration;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Configuration;

/// <summary>What the README and docs/ say is what the code does: links resolve, commands are the ones that work.</summary>
public sealed partial class DocsMatchBehaviourTests
{
    private static readonly string[] Environments = ["test", "production"];

    private static readonly string[] Documents =
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Prepend(Path.Combine(Repository.Root, "README.md")).Order(StringComparer.Ordinal)];

    public static TheoryData<string> DocumentNames() => [.. Documents.Select(d => Path.GetRelativePath(Repository.Root, d))];

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public void Every_local_link_and_its_anchor_resolve(string document)
    {
        var path = Path.Combine(Repository.Root, document);
        var text = File.ReadAllText(path);

        List<string> broken = [];
        foreach (Match link in LocalLink().Matches(text))
        {
            var target = link.Groups["file"].Value;
            var file = target.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{link.Value}: no {file}");
                continue;
            }

            if (link.Groups["anchor"].Success && !Anchors(file).Contains(link.Groups["anchor"].Value))
            {
                broken.Add($"{link.Value}: no heading with anchor #{link.Groups["anchor"].Value} in {Path.GetFileName(file)}");
            }
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void The_kubeconfig_is_written_to_one_path_everywhere()
    {
        var paths = Documents.SelectMany(d => KubePath().Matches(File.ReadAllText(d)).Select(m => m.Value)).Distinct().ToList();

        Assert.Equal(["~/.kube/oneq-$(pulumi stack --show-name).json"], paths);
    }

    [Fact]
    public void Every_documented_benchmark_command_names_what_to_run()
    {
        // BenchmarkSwitcher without --filter asks on the console which benchmark to run; the documented commands must
        // not wait for an answer (Program.cs also runs every benchmark when given no arguments).
        var commands = Documents.SelectMany(d => File.ReadAllLines(d))
            .SelectMany(l => BenchmarkCommand().Matches(l).Select(m => m.Value))
            .ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.Matches(@" -- (.* )?--filter '[^']+'", c));
        var program = File.ReadAllText(Path.Combine(Repository.Root, "tests", "OneQOrder.Platform.Benchmarks", "Program.cs"));
        Assert.Contains("args.Length == 0 ? [\"--filter\", \"*\"] : args", program, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_inbound_policies_are_exactly_those_a_stack_may_use()
    {
        var readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md")).Single(l => l.StartsWith("| `mesh.defaultInboundPolicy`", StringComparison.Ordinal));
        // The type column, cells split at unescaped pipes: `all-authenticated` \| `deny`.
        var documented = Regex.Split(readme, @"(?<!\\)\|")[2].Split("\\|").Select(p => p.Trim().Trim('`')).ToList();

        List<string> Accepted(string environment) => [.. SettingValues.InboundPolicies.Where(policy => StackConfiguration.Load(Config.FromYaml("docs",
                Config.MinimalGcp + $"\noneq-order-infra:environment: {environment}\noneq-order-infra:mesh:\n  defaultInboundPolicy: {policy}")).IsValid)];

        // The type column lists what any stack may use; production narrows it to deny, as the description says.
        Assert.Equal(documented.Order(StringComparer.Ordinal), Accepted("test").Order(StringComparer.Ordinal));
        Assert.Equal(["deny"], Accepted("production"));
        Assert.Contains("production: `deny` only", readme, StringComparison.Ordinal);
    }

    /// <summary>GitHub's heading anchors: lowercase, punctuation other than '-' and '_' dropped, spaces to '-'.</summary>
    private static HashSet<string> Anchors(string file) =>
        [.. File.ReadAllLines(file)
            .Where(l => l.StartsWith('#'))
            .Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(h => new string([.. h.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-'))];

    /// <summary>Markdown links to a local file (no scheme), with an optional anchor: <c>](docs/x.md#a-b)</c> or <c>](#a-b)</c>.</summary>
    [GeneratedRegex(@"\]\((?<file>(?![a-z]+:)[^)#\s]*)(#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex LocalLink();

    [GeneratedRegex(@"~/\.kube/(\$\([^)]*\)|[^\s`$])+")]
    private static partial Regex KubePath();

    [GeneratedRegex(@"dotnet run [^`]*OneQOrder\.Platform\.Benchmarks[^`]*")]
    private static partial Regex BenchmarkCommand();
}
