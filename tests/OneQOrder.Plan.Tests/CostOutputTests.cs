using System.Text.Json;

namespace OneQOrder.Plan.Tests;

/// <summary>
/// The <c>cost</c> object of <c>plan --format json</c> is a contract: the pull-request comment reads these exact names
/// and number types (issue 13). The text report shows the same figures.
/// </summary>
public sealed class CostOutputTests
{
    private static readonly string[] CostKeys =
        ["currency", "pricedOn", "items", "monthlyAtMinimum", "monthlyAtMaximum", "replacedDesignMonthly", "ratioToReplaced"];

    private static readonly string[] ItemKeys =
        ["item", "unit", "unitPrice", "quantityAtMinimum", "quantityAtMaximum", "monthlyAtMinimum", "monthlyAtMaximum", "source"];

    private static JsonElement Cost(string stack)
    {
        var (code, stdout, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, stack, "--format", "json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.GetProperty("cost").Clone();
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void The_cost_object_has_exactly_the_contract_fields_with_numbers_as_json_numbers(string stack)
    {
        var cost = Cost(stack);

        Assert.Equal(CostKeys, cost.EnumerateObject().Select(p => p.Name));
        Assert.Equal("USD", cost.GetProperty("currency").GetString());
        Assert.Equal("2026-11-27", cost.GetProperty("pricedOn").GetString());
        foreach (var key in new[] { "monthlyAtMinimum", "monthlyAtMaximum", "replacedDesignMonthly", "ratioToReplaced" })
        {
            Assert.Equal(JsonValueKind.Number, cost.GetProperty(key).ValueKind);
        }

        Assert.All(cost.GetProperty("items").EnumerateArray(), item =>
        {
            Assert.Equal(ItemKeys, item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, item.GetProperty("unitPrice").ValueKind);
            Assert.Equal(JsonValueKind.Number, item.GetProperty("quantityAtMinimum").ValueKind);
            Assert.Equal(JsonValueKind.Number, item.GetProperty("monthlyAtMaximum").ValueKind);
        });
        var sum = cost.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("monthlyAtMinimum").GetDecimal());
        Assert.Equal(sum, cost.GetProperty("monthlyAtMinimum").GetDecimal());
    }

    [Fact]
    public void An_unpriced_item_has_null_prices_in_json_and_no_price_in_text()
    {
        var root = Directory.CreateTempSubdirectory("oneq-cost-").FullName;
        try
        {
            var prod = File.ReadAllText(Path.Combine(PlanCommandTests.RepositoryRoot, "Pulumi.prod.yaml"));
            File.WriteAllText(Path.Combine(root, "Pulumi.prod.yaml"), prod.Replace("machineType: m6i.xlarge", "machineType: m7i.xlarge", StringComparison.Ordinal));

            var (code, json, _) = PlanCommandTests.Run(root, "prod", "--format", "json");
            var (_, text, _) = PlanCommandTests.Run(root, "prod");

            Assert.Equal(0, code);
            using var document = JsonDocument.Parse(json);
            var nodes = document.RootElement.GetProperty("cost").GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("item").GetString()!.StartsWith("nodes:", StringComparison.Ordinal));
            Assert.Equal(JsonValueKind.Null, nodes.GetProperty("unitPrice").ValueKind);
            Assert.Equal(JsonValueKind.Null, nodes.GetProperty("monthlyAtMinimum").ValueKind);
            Assert.Equal(JsonValueKind.Null, nodes.GetProperty("monthlyAtMaximum").ValueKind);
            Assert.Contains("no price", text, StringComparison.Ordinal);
            Assert.Contains("(without 1 item(s) that have no price)", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_text_report_shows_the_totals_and_the_ratio_of_the_json()
    {
        var cost = Cost("prod");
        var (_, text, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, "prod");

        var total = cost.GetProperty("monthlyAtMinimum").GetDecimal().ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);
        var ratio = cost.GetProperty("ratioToReplaced").GetDecimal().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"total: ${total} a month at minimum nodes", text, StringComparison.Ordinal);
        Assert.Contains($"ratio: {ratio} of the replaced design", text, StringComparison.Ordinal);
    }
}
