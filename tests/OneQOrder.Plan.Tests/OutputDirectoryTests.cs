using OneQOrder.Plan.Output;

namespace OneQOrder.Plan.Tests;

public sealed class OutputDirectoryTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("oneq-out-tests-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Files_in_subfolders_are_written_with_their_folders()
    {
        OutputDirectory.Write(temp, [new OutputFile("namespaces/pg.yaml", "kind: Namespace\n")]);

        Assert.Equal("kind: Namespace\n", File.ReadAllText(Path.Combine(temp, "namespaces", "pg.yaml")));
    }

    [Theory]
    [InlineData("../escape.yaml")]
    [InlineData("/etc/escape.yaml")]
    [InlineData("a/../../escape.yaml")]
    public void A_path_leaving_the_folder_is_refused_before_anything_is_written(string path)
    {
        Assert.Throws<ArgumentException>(() =>
            OutputDirectory.Write(temp, [new OutputFile("first.txt", "x"), new OutputFile(path, "y")]));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
    }
}
