using OneQOrder.Platform.Settings;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Configuration;

public sealed class CommittedStacksTests
{
    [Fact]
    public void Dev_stack_is_a_gcp_test_stack()
    {
        var dev = Repository.Stack("dev");

        Assert.Equal(Cloud.Gcp, dev.Cloud);
        Assert.Equal(StackEnvironment.Test, dev.Environment);
        Assert.Equal("asia-northeast3", dev.Provider.Region);
        Assert.Equal("oneq-order-dev", Assert.IsType<GcpProviderSettings>(dev.Provider).Project);
        Assert.Equal(["asia-northeast3-a"], dev.Provider.ZoneNames);
        Assert.False(dev.Mesh.HighAvailability);
    }

    [Fact]
    public void Prod_stack_is_an_aws_production_stack_over_three_zones()
    {
        var prod = Repository.Stack("prod");

        Assert.Equal(Cloud.Aws, prod.Cloud);
        Assert.True(prod.IsProduction);
        Assert.Equal(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], prod.Provider.ZoneNames);
        Assert.True(prod.Mesh.HighAvailability);
        Assert.True(prod.Cluster.DeletionProtection);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Committed_stacks_declare_the_five_services_and_the_business_flow(string stack)
    {
        var settings = Repository.Stack(stack);

        Assert.Equal(["oneq-order", "pg", "appcard", "card", "bank"], settings.Services.Select(s => s.Name));
        Assert.Equal(
            ["oneq-order -> pg", "pg -> card", "pg -> appcard", "pg -> bank", "appcard -> card", "card -> bank"],
            settings.Calls.Select(c => c.ToString()));
    }
}
