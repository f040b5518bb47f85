using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Golden;

/// <summary>
/// The rendered layer of each committed stack is compared byte for byte with the files under
/// tests/OneQOrder.Platform.Tests/Golden/&lt;stack&gt;/, so every change to a manifest or values file shows in review.
/// After an intended change, rewrite them with:
/// <c>UPDATE_GOLDEN=1 dotnet test tests/OneQOrder.Platform.Tests --filter FullyQualifiedName~GoldenFilesTests</c>
/// and commit the diff. Only files whose bytes differ are written. Under CI (<c>CI</c> set, as CI services do) a rewrite
/// is refused: golden files blessed by the run that checks them would prove nothing. The test command also fails any
/// run that changed a golden file, naming it (scripts/test.sh).
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
        var files = LayerOutput.Files(PlatformPlanner.Build(Repository.Validated(stack)));
        var folder = Path.Combine(GoldenRoot, stack);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var stale = Differences(folder, files);
            Assert.False(
                IsCi,
                $"UPDATE_GOLDEN=1 is refused under CI (CI={Environment.GetEnvironmentVariable("CI")}): golden files are rewritten on a "
                    + $"developer's machine and committed. Files of {stack} that differ: {(stale.Count == 0 ? "none" : string.Join(", ", stale))}");
            Rewrite(folder, files, stale);
        }

        // Act
        var differences = Differences(folder, files);

        // Assert
        Assert.True(
            differences.Count == 0,
            $"{stack}: {string.Join(", ", differences)} differ from the golden files; if intended, rerun with UPDATE_GOLDEN=1 and commit the diff");
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Rendering_twice_gives_identical_bytes(string stack)
    {
        var settings = Repository.Validated(stack);

        var first = LayerOutput.Files(PlatformPlanner.Build(settings));
        var second = LayerOutput.Files(PlatformPlanner.Build(settings));

        Assert.Equal(first, second);
    }

    /// <summary>CI services set <c>CI</c> (GitHub Actions, GitLab, Azure Pipelines: <c>true</c>); unset, empty, 0 or false is a developer run.</summary>
    private static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci
        && ci != "0"
        && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Golden paths (<c>&lt;stack&gt;/&lt;file&gt;</c>) that are missing, differ from the rendered bytes, or are no longer rendered.</summary>
    private static List<string> Differences(string folder, IReadOnlyList<RenderedManifest> files)
    {
        var stack = Path.GetFileName(folder);
        var expected = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText)
            : [];
        var rendered = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        return files
            .Where(f => !expected.TryGetValue(f.FileName, out var golden) || golden != f.Yaml)
            .Select(f => f.FileName)
            .Concat(expected.Keys.Where(name => !rendered.Contains(name)))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{stack}/{name}")
            .ToList();
    }

    /// <summary>Writes only the stale files and deletes the ones no longer rendered, so an up-to-date folder is left untouched.</summary>
    private static void Rewrite(string folder, IReadOnlyList<RenderedManifest> files, IReadOnlyCollection<string> stale)
    {
        var stack = Path.GetFileName(folder);
        var byName = files.ToDictionary(f => $"{stack}/{f.FileName}", StringComparer.Ordinal);
        foreach (var name in stale)
        {
            var path = Path.Combine(GoldenRoot, name);
            if (byName.TryGetValue(name, out var file))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Yaml);
            }
            else
            {
                File.Delete(path);
            }
        }
    }
}
