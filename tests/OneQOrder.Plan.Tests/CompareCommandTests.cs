using System.Text.Json.Nodes;
using OneQOrder.Plan.Compare;

namespace OneQOrder.Plan.Tests;

/// <summary>
/// <c>plan compare</c>: the pull-request comment of one stack, computed from two real <c>plan --format json</c>
/// documents (changed where a test needs a difference) and a preview's output.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("oneq-compare-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private static JsonObject PlanJson(string stack)
    {
        var (code, stdout, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, stack, "--format", "json");
        Assert.Equal(0, code);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    /// <summary>The <c>cost</c> object of the cost contract (branch <c>cost</c>), as a fixture: this branch's plan does not emit it.</summary>
    private static JsonObject Cost(decimal minimum, decimal maximum) => new()
    {
        ["currency"] = "USD",
        ["pricedOn"] = "2026-11-01",
        ["items"] = new JsonArray(),
        ["monthlyAtMinimum"] = minimum,
        ["monthlyAtMaximum"] = maximum,
        ["replacedDesignMonthly"] = 900m,
        ["ratioToReplaced"] = 0.5m,
    };

    private (int Code, string Out, string Err) Compare(string stack, JsonObject? baseDocument, JsonObject? head, string? preview = null)
    {
        List<string> args = ["--stack", stack, "--base", Path.Combine(temp, "base.json"), "--head", Path.Combine(temp, "head.json")];
        if (baseDocument is not null)
        {
            File.WriteAllText(Path.Combine(temp, "base.json"), baseDocument.ToJsonString());
        }

        if (head is not null)
        {
            File.WriteAllText(Path.Combine(temp, "head.json"), head.ToJsonString());
        }

        if (preview is not null)
        {
            File.WriteAllText(Path.Combine(temp, "preview.txt"), preview);
            args.AddRange(["--preview", Path.Combine(temp, "preview.txt")]);
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CompareCommand.Run([.. args], stdout, stderr, temp);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_comment_starts_with_the_stacks_hidden_marker()
    {
        var (code, stdout, stderr) = Compare("dev", PlanJson("dev"), PlanJson("dev"));

        Assert.Equal(0, code);
        Assert.Empty(stderr);
        Assert.StartsWith("<!-- oneq-order-infra:plan-comment stack=dev -->\n", stdout, StringComparison.Ordinal);
        Assert.NotEqual(PlanComparison.Marker("dev"), PlanComparison.Marker("prod"));
    }

    [Fact]
    public void Cost_rows_show_base_head_and_their_difference()
    {
        // Arrange
        var baseDocument = PlanJson("prod");
        baseDocument["cost"] = Cost(1000m, 2500.5m);
        var head = PlanJson("prod");
        head["cost"] = Cost(1130.25m, 2400m);

        // Act
        var (code, stdout, _) = Compare("prod", baseDocument, head);

        // Assert
        Assert.Equal(0, code);
        Assert.Contains("| at minimum node counts | 1,000.00 | 1,130.25 | +130.25 |", stdout, StringComparison.Ordinal);
        Assert.Contains("| at maximum node counts | 2,500.50 | 2,400.00 | −100.50 |", stdout, StringComparison.Ordinal);
        Assert.Contains("Prices as of 2026-11-01.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_side_without_a_cost_object_says_no_estimate()
    {
        // Arrange: the base branch predates the estimate.
        var head = PlanJson("prod");
        head["cost"] = Cost(1000m, 2000m);

        // Act
        var baseDocument = PlanJson("prod");
        baseDocument.Remove("cost");
        var (_, stdout, _) = Compare("prod", baseDocument, head);

        // Assert
        Assert.Contains("| at minimum node counts | no estimate | 1,000.00 | no estimate |", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_whose_status_changed_is_listed_with_both_statuses_and_unchanged_ones_are_not()
    {
        // Arrange: dev relaxes controls (test stack); a base where the first relaxed control still passed.
        var head = PlanJson("dev");
        var relaxed = head["guardrails"]!["controls"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["status"] == "relaxed");
        var id = (string)relaxed["id"]!;
        var baseDocument = head.DeepClone().AsObject();
        baseDocument["guardrails"]!["controls"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["id"] == id)["status"] = "pass";

        // Act
        var (_, changed, _) = Compare("dev", baseDocument, head);
        var (_, same, _) = Compare("dev", head, head);

        // Assert
        Assert.Contains($"| {id} | {relaxed["title"]} | pass | relaxed |", changed, StringComparison.Ordinal);
        Assert.Single(changed.Split('\n'), l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("| pass | relaxed |", StringComparison.Ordinal));
        Assert.Contains("No control changed status.", same, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_base_plan_the_comment_says_so_and_still_reports_the_head()
    {
        var (code, stdout, _) = Compare("dev", null, PlanJson("dev"));

        Assert.Equal(0, code);
        Assert.Contains("No plan of this stack on the base branch", stdout, StringComparison.Ordinal);
        Assert.Contains("This pull request: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preview_summary_is_quoted_and_the_full_output_folded()
    {
        var preview = "Previewing update (dev)\n\n    ~ kubernetes:core/v1:Namespace pg update\n\nResources:\n    ~ 1 to update\n    40 unchanged\n\nDuration: 12s\n";

        var (_, stdout, _) = Compare("dev", PlanJson("dev"), PlanJson("dev"), preview);

        Assert.Contains("```\nResources:\n    ~ 1 to update\n    40 unchanged\n```", stdout, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Full preview output</summary>", stdout, StringComparison.Ordinal);
        Assert.Contains("kubernetes:core/v1:Namespace pg update", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_preview_is_cut_to_fit_a_github_comment()
    {
        var preview = string.Concat(Enumerable.Repeat("    ~ some resource changed\n", 10_000)) + "Resources:\n    ~ 10000 to update\n";

        var (_, stdout, _) = Compare("dev", PlanJson("dev"), PlanJson("dev"), preview);

        Assert.True(stdout.Length <= PlanComparison.MaxCommentLength, $"{stdout.Length} characters");
        Assert.Contains("~ 10000 to update", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing head")]
    [InlineData("head of another stack")]
    [InlineData("base not json")]
    public void A_missing_or_wrong_document_fails_instead_of_commenting(string broken)
    {
        // Arrange
        var head = broken switch
        {
            "missing head" => null,
            "head of another stack" => PlanJson("prod"),
            _ => PlanJson("dev"),
        };
        if (broken == "base not json")
        {
            File.WriteAllText(Path.Combine(temp, "base.json"), "{ not json");
        }

        // Act
        var (code, stdout, stderr) = Compare("dev", null, head);

        // Assert
        Assert.Equal(ExitCodes.InvalidConfiguration, code);
        Assert.Empty(stdout);
        Assert.StartsWith("plan compare: ", stderr, StringComparison.Ordinal);
    }
}
