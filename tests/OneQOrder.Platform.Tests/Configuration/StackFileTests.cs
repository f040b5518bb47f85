using System.Text;
using OneQOrder.Platform.Configuration;

namespace OneQOrder.Platform.Tests.Configuration;

/// <summary>Reading a stack file from disk: whatever is at the path, the answer is an error, never an exception.</summary>
public sealed class StackFileTests : IDisposable
{
    private const string Valid = "config:\n  gcp:project: p\n  gcp:region: asia-northeast3\n  oneq-order-infra:cloud: gcp\n";

    private readonly string root = Directory.CreateTempSubdirectory("oneq-stackfile-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_naming_their_line_and_column()
    {
        File.WriteAllBytes(Path.Combine(root, "Pulumi.qa.yaml"), [.. "config:\n  gcp:project: caf"u8, 0xE9, .. "\n"u8]);

        var result = StackFile.Load(root, "qa");

        Assert.Null(result.Source);
        Assert.Equal(
            ["Pulumi.qa.yaml (line 2, column 19): got \"byte 0xE9, which is not UTF-8\"; expected UTF-8 text (save the file as UTF-8)"],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        File.WriteAllBytes(Path.Combine(root, "Pulumi.qa.yaml"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)]);

        var result = StackFile.Load(root, "qa");

        Assert.Empty(result.Errors);
        Assert.Equal("gcp", result.Source!.Get("oneq-order-infra:cloud")!.GetValue<string>());
    }

    [Fact]
    public void An_unreadable_file_is_an_error_with_the_reason_not_an_exception()
    {
        File.WriteAllText(Path.Combine(root, "Pulumi.qa.yaml"), Valid);

        var result = StackFile.Load(root, "qa", path => throw new UnauthorizedAccessException($"Access to the path '{path}' is denied."));

        var error = Assert.Single(result.Errors);
        Assert.Equal("Pulumi.qa.yaml", error.Key);
        Assert.Equal($"Access to the path '{Path.Combine(root, "Pulumi.qa.yaml")}' is denied", error.Value);
        Assert.Equal($"a readable stack file at {Path.Combine(root, "Pulumi.qa.yaml")}", error.Expected);
    }

    [Fact]
    public void A_folder_where_the_stack_file_should_be_is_named_as_such()
    {
        Directory.CreateDirectory(Path.Combine(root, "Pulumi.qa.yaml"));

        var result = StackFile.Load(root, "qa");

        Assert.Equal([$"Pulumi.qa.yaml: got \"a folder\"; expected a stack file at {Path.Combine(root, "Pulumi.qa.yaml")}"], result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void A_missing_stack_file_lists_the_stacks_that_exist()
    {
        File.WriteAllText(Path.Combine(root, "Pulumi.prod.yaml"), Valid);
        File.WriteAllText(Path.Combine(root, "Pulumi.dev.yaml"), Valid);
        File.WriteAllText(Path.Combine(root, "Pulumi.yaml"), "name: x\n");

        var result = StackFile.Load(root, "qa");

        Assert.Equal(
            [$"Pulumi.qa.yaml: missing; expected a stack file at {Path.Combine(root, "Pulumi.qa.yaml")}; no such file (stacks in {root}: dev, prod)"],
            result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void The_duplicate_key_hint_is_given_only_for_duplicate_keys()
    {
        var duplicate = StackFile.Parse("qa", "config:\n  gcp:project: a\n  gcp:project: b\n");
        var malformed = StackFile.Parse("qa", "config:\n  gcp:project: a: b\n");

        Assert.EndsWith("expected each key once per mapping", Assert.Single(duplicate.Errors).Message, StringComparison.Ordinal);
        var other = Assert.Single(malformed.Errors).Message;
        Assert.EndsWith("expected well-formed YAML", other, StringComparison.Ordinal);
        Assert.DoesNotContain("each key once", other, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_aliases_are_expanded_like_any_other_value()
    {
        var result = StackFile.Parse("qa", Valid + "  oneq-order-infra:network: &net { cidr: 10.0.0.0/16 }\n  oneq-order-infra:copy: *net\n");

        Assert.Empty(result.Errors);
        Assert.Equal("10.0.0.0/16", result.Source!.Get("oneq-order-infra:copy")!["cidr"]!.GetValue<string>());
    }
}
