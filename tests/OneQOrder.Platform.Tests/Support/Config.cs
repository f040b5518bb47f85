using System.Text.Json.Nodes;
using OneQOrder.Platform.Configuration;

namespace OneQOrder.Platform.Tests.Support;

/// <summary>Builds stack configurations in tests from YAML, exactly as a stack file would hold them.</summary>
internal static class Config
{
    /// <summary>A stack file's text with the <c>config:</c> body given (indented by the caller or not).</summary>
    public static IConfigSource FromYaml(string stack, string configBody)
    {
        var lines = configBody.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var text = "config:\n" + string.Join('\n', lines.Select(l => "  " + l));
        var result = StackFile.Parse(stack, text);
        Assert.Empty(result.Errors);
        return result.Source!;
    }

    /// <summary>The minimal valid GCP stack.</summary>
    public const string MinimalGcp = """
        gcp:project: oneq-test
        gcp:region: asia-northeast3
        oneq-order-infra:cloud: gcp
        """;

    /// <summary>The minimal valid AWS stack.</summary>
    public const string MinimalAws = """
        aws:region: ap-northeast-2
        oneq-order-infra:cloud: aws
        """;

    public static IConfigSource Keys(string stack, params (string Key, JsonNode? Value)[] values) =>
        new DictionaryConfigSource(stack, values.ToDictionary(v => v.Key, v => v.Value));
}
