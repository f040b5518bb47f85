using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Golden;

/// <summary>
/// The rendered layer of each committed stack is compared byte for byte with the files under
/// tests/OneQOrder.Platform.Tests/Golden/&lt;stack&gt;/, so every change to a manifest or values file shows in review.
/// After an intended change, rewrite them with:
/// <c>UPDATE_GOLDEN=1 dotnet test tests/OneQOrder.Platform.Tests --filter FullyQualifiedName~GoldenFilesTests</c>
/// and commit the diff.
/// </summary>
public sealed class GoldenFilesTests
{
    private static string GoldenRoot => Path.Combine(Repository.Root, "tests", "OneQOrder.Platform.Tests", "Golden");

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Rendered_files_match_the_golden_files(string stack)
    {
        // Arrange
        var files = LayerOutput.Files(PlatformPlanner.Build(Repository.Stack(stack)));
        var folder = Path.Combine(GoldenRoot, stack);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Rewrite(folder, files);
        }

        // Act
        var expected = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText)
            : [];

        // Assert
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), files.Select(f => f.FileName).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.True(expected[file.FileName] == file.Yaml, $"{stack}/{file.FileName} differs from its golden file; if intended, rerun with UPDATE_GOLDEN=1");
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Rendering_twice_gives_identical_bytes(string stack)
    {
        var settings = Repository.Stack(stack);

        var first = LayerOutput.Files(PlatformPlanner.Build(settings));
        var second = LayerOutput.Files(PlatformPlanner.Build(settings));

        Assert.Equal(first, second);
    }

    private static void Rewrite(string folder, IReadOnlyList<RenderedManifest> files)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        foreach (var file in files)
        {
            var path = Path.Combine(folder, file.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Yaml);
        }
    }
}
