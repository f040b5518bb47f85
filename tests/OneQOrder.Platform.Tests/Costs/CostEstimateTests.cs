using OneQOrder.Platform.Clouds;
using OneQOrder.Platform.Costs;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Guardrails;
using OneQOrder.Platform.Tests.Support;
using OneQOrder.Platform.Validation;

namespace OneQOrder.Platform.Tests.Costs;

/// <summary>Issue 13: the estimate prices what the plan builds from the dated catalogue, and never guesses.</summary>
public sealed class CostEstimateTests
{
    private static readonly DateOnly Day = new(2026, 11, 27);

    private static PlatformPlan Plan(string yaml, DateOnly day)
    {
        var result = StackConfiguration.Load(Config.FromYaml("cost", yaml), day);
        Assert.Empty(result.Errors);
        return PlatformPlanner.Build(result.Validated!);
    }

    [Fact]
    public void A_catalogued_machine_type_is_priced_per_node_hour_at_minimum_and_maximum()
    {
        var estimate = CostEstimator.Estimate(PlatformPlanner.Build(Repository.Validated("prod")), Day);

        var nodes = Assert.Single(estimate.Items, i => i.Item.StartsWith("nodes:", StringComparison.Ordinal));
        Assert.Equal(0.236m, nodes.UnitPrice);
        Assert.Equal((3 * 730m, 9 * 730m), (nodes.QuantityAtMinimum, nodes.QuantityAtMaximum));
        Assert.Equal((516.84m, 1550.52m), (nodes.MonthlyAtMinimum, nodes.MonthlyAtMaximum));
        Assert.Contains("2026-11-27", nodes.Source, StringComparison.Ordinal);
        Assert.All(estimate.Items, i => Assert.True(i.UnitPrice is not null, i.Item));
    }

    [Fact]
    public void An_uncatalogued_machine_type_is_listed_with_no_price_and_left_out_of_the_totals()
    {
        var plan = Plan(Config.MinimalAws + "\noneq-order-infra:cluster:\n  nodePools:\n    - { name: general, machineType: m7i.large, minNodes: 3, maxNodes: 6 }", Day);

        var estimate = CostEstimator.Estimate(plan, Day);

        var nodes = Assert.Single(estimate.Items, i => i.Item.StartsWith("nodes:", StringComparison.Ordinal));
        Assert.Null(nodes.UnitPrice);
        Assert.Null(nodes.MonthlyAtMinimum);
        Assert.StartsWith("no price: m7i.large in ap-northeast-2", nodes.Source, StringComparison.Ordinal);
        Assert.Equal(1, estimate.Unpriced);
        Assert.Equal(estimate.Items.Where(i => i.UnitPrice is not null).Sum(i => i.MonthlyAtMinimum!.Value), estimate.MonthlyAtMinimum);
    }

    [Fact]
    public void A_region_without_prices_prices_nothing_and_has_no_ratio()
    {
        var plan = Plan("aws:region: eu-west-1\noneq-order-infra:cloud: aws", Day);

        var estimate = CostEstimator.Estimate(plan, Day);

        Assert.Null(estimate.RatioToReplaced);
        Assert.All(estimate.ReplacedDesign, i => Assert.Null(i.UnitPrice));
        Assert.All(estimate.Items.Where(i => !i.Item.Contains("control plane", StringComparison.Ordinal)), i => Assert.True(i.UnitPrice is null, i.Item));
    }

    [Fact]
    public void A_version_past_standard_support_prices_the_eks_control_plane_at_extended_support()
    {
        var plan = Plan(Config.MinimalAws + "\n" + GuardrailStacks.TestEnvironment + "oneq-order-infra:cluster:\n  kubernetesVersion: \"1.33\"", Day);

        var before = CostEstimator.Estimate(plan, new(2026, 7, 28)).Items[0];
        var after = CostEstimator.Estimate(plan, Day).Items[0];

        Assert.Equal((0.10m, 73.00m), (before.UnitPrice, before.MonthlyAtMinimum));
        Assert.Equal((0.60m, 438.00m), (after.UnitPrice, after.MonthlyAtMinimum));
        Assert.Contains("extended support", after.Item, StringComparison.Ordinal);
    }

    [Fact]
    public void The_replaced_design_in_us_east_1_costs_what_issue_13_says()
    {
        // 5 × $32.85 + 5 × $16.43 + 8 × $30.37 ≈ $489 (issue 13).
        var replaced = CostEstimator.Replaced(Cloud.Aws, "us-east-1");

        Assert.Equal(489.32m, replaced.Sum(i => i.MonthlyAtMinimum!.Value));
    }

    [Fact]
    public void The_ratio_is_the_minimum_over_the_replaced_design()
    {
        var estimate = CostEstimator.Estimate(PlatformPlanner.Build(Repository.Validated("dev")), Day);

        Assert.Equal(decimal.Round(estimate.MonthlyAtMinimum / estimate.ReplacedDesignMonthly, 3), estimate.RatioToReplaced);
        Assert.True(estimate.ReplacedDesignMonthly > 0);
    }

    [Fact]
    public void A_zonal_gke_cluster_gets_the_free_tier_credit_and_a_regional_one_does_not()
    {
        var zonal = CostEstimator.Estimate(PlatformPlanner.Build(Repository.Validated("dev")), Day);
        var regional = CostEstimator.Estimate(Plan(Config.MinimalGcp, Day), Day);

        Assert.Equal(-73.00m, Assert.Single(zonal.Items, i => i.Item.StartsWith("GKE free tier", StringComparison.Ordinal)).MonthlyAtMinimum);
        Assert.DoesNotContain(regional.Items, i => i.Item.StartsWith("GKE free tier", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_catalogued_price_names_its_source_and_date()
    {
        foreach (var cloud in new[] { Cloud.Aws, Cloud.Gcp })
        {
            foreach (var region in PriceCatalogue.Regions(cloud))
            {
                foreach (var unit in Enum.GetValues<PricedUnit>())
                {
                    if (PriceCatalogue.Find(cloud, region, unit) is { } price)
                    {
                        Assert.True(price.Source.StartsWith("https://", StringComparison.Ordinal) || price.Source.Contains("issue 13", StringComparison.Ordinal), price.Source);
                        Assert.Equal(PriceCatalogue.AsOf, price.Read);
                    }
                }
            }
        }
    }
}
