using System.Text.Json.Nodes;
using OneQOrder.Infra.Configuration;
using OneQOrder.Infra.Tests.Support;

namespace OneQOrder.Infra.Tests.Programs;

/// <summary>Pulumi's string config values back into the shape the library's reader takes.</summary>
public sealed class PulumiConfigSourceTests
{
    [Fact]
    public void Objects_and_lists_are_parsed_and_scalars_stay_strings()
    {
        // Act
        var obj = PulumiConfigSource.ToNode("""{"cidr":"10.0.0.0/16","zones":3}""");
        var list = PulumiConfigSource.ToNode("""["a","b"]""");
        var scalar = PulumiConfigSource.ToNode("1.33");
        var bracketed = PulumiConfigSource.ToNode("[not json");

        // Assert
        Assert.Equal("10.0.0.0/16", obj!["cidr"]!.GetValue<string>());
        Assert.Equal(3, obj["zones"]!.GetValue<int>());
        Assert.Equal(2, list!.AsArray().Count);
        Assert.Equal("1.33", scalar!.GetValue<string>());
        Assert.Equal("[not json", bracketed!.GetValue<string>());
        Assert.Null(PulumiConfigSource.ToNode(null));
    }

    [Fact]
    public void Stack_file_values_become_the_strings_pulumi_passes()
    {
        // Arrange
        var config = StackConfig.Committed("dev");

        // Act
        var json = JsonNode.Parse(config.ToPulumiConfigJson())!.AsObject();

        // Assert
        Assert.Equal("gcp", json["oneq-order-infra:cloud"]!.GetValue<string>());
        var network = JsonNode.Parse(json["oneq-order-infra:network"]!.GetValue<string>())!;
        Assert.Equal("10.10.0.0/16", network["cidr"]!.GetValue<string>());
    }
}
