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
    [InlineData("dev")]
    [InlineData("prod")]
    public void Out_writes_the_edge_namespaces_gateway_routes_and_release_values(string stack)
    {
        var output = Path.Combine(temp, stack);

        var (code, _, _) = PlanCommandTests.Run(PlanCommandTests.RepositoryRoot, stack, "--out", output);

        Assert.Equal(0, code);
        var edge = Path.Combine(output, "edge");
        Assert.Equal(
            ["gateway.yaml", "namespaces.yaml", "routes.yaml", "values/cert-manager.yaml", "values/envoy-gateway.yaml", "values/external-dns.yaml"],
            Directory.GetFiles(edge, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(edge, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Contains("\nkind: Gateway\n", File.ReadAllText(Path.Combine(edge, "gateway.yaml")), StringComparison.Ordinal);
        Assert.Contains("\nkind: Certificate\n", File.ReadAllText(Path.Combine(edge, "gateway.yaml")), StringComparison.Ordinal);
        Assert.Contains("\nkind: HTTPRoute\n", File.ReadAllText(Path.Combine(edge, "routes.yaml")), StringComparison.Ordinal);
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
