using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OneQOrder.Platform.Kubernetes;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Tests.Support;

namespace OneQOrder.Platform.Tests.Kubernetes;

/// <summary>
/// Every rendered object validates against its upstream schema in ../shared/schemas: the strict Kubernetes 1.32
/// schemas (unknown fields rejected) for built-in kinds, the datreeio CRD catalogue for Linkerd and Prometheus
/// Operator kinds. YAML documents are converted to JSON first, keeping quoted scalars as strings.
/// </summary>
public sealed class SchemaValidationTests
{
    private static readonly Dictionary<string, JsonSchema> Cache = [];

    /// <summary>
    /// Draft 7 (what the Kubernetes OpenAPI-derived and CRD-catalogue schemas are written for), accepting the
    /// <c>x-kubernetes-*</c> extension keywords as annotations: they describe server-side merge behaviour, not validity.
    /// </summary>
    // The Kubernetes schemas name their dialect <c>http://json-schema.org/schema#</c> ("the latest draft" in
    // draft-04 days), which is registered here as that same lenient draft 7.
    private static readonly BuildOptions Build = CreateBuildOptions();

    private static BuildOptions CreateBuildOptions()
    {
        var lenient = Dialect.Draft07.With([], allowUnknownKeywords: true);
        var registry = new DialectRegistry();
        registry.Register(Dialect.Draft07.With([], id: new Uri("http://json-schema.org/schema#"), allowUnknownKeywords: true));
        return new BuildOptions { Dialect = lenient, DialectRegistry = registry };
    }

    [SkippableTheory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_rendered_object_validates_against_its_upstream_schema(string stack)
    {
        Skip.IfNot(Repository.HasShared("schemas"), Repository.SkipReason("schemas"));

        // Arrange
        var documents = RenderedDocuments.Parse(LayerOutput.Files(PlatformPlanner.Build(Repository.Validated(stack)))
            .Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))).ToList();

        // Act
        var failures = documents
            .Select(d => (Document: d, Result: Schema(d).Evaluate(JsonSerializer.SerializeToElement(d), new EvaluationOptions { OutputFormat = OutputFormat.List })))
            .Where(r => !r.Result.IsValid)
            .Select(r => $"{r.Document["kind"]} {r.Document["metadata"]?["namespace"]}/{r.Document["metadata"]?["name"]}: " +
                string.Join("; ", (r.Result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}"))))
            .ToList();

        // Assert
        Assert.NotEmpty(documents);
        Assert.Empty(failures);
    }

    [SkippableFact]
    public void The_strict_schema_rejects_an_unknown_field()
    {
        Skip.IfNot(Repository.HasShared("schemas"), Repository.SkipReason("schemas"));
        var document = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x","lables":{}}}""")!.AsObject();

        var result = Schema(document).Evaluate(JsonSerializer.SerializeToElement(document));

        Assert.False(result.IsValid);
    }

    private static JsonSchema Schema(JsonObject document)
    {
        var apiVersion = (string)document["apiVersion"]!;
        var kind = ((string)document["kind"]!).ToLowerInvariant();
        var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal)
            ? (apiVersion.Split('/')[0], apiVersion.Split('/')[1])
            : (string.Empty, apiVersion);
        var path = group switch
        {
            "" => Path.Combine("kubernetes-v1.32.0-strict", $"{kind}-{version}.json"),
            "policy.linkerd.io" or "monitoring.coreos.com" => Path.Combine(group, $"{kind}_{version}.json"),
            _ => Path.Combine("kubernetes-v1.32.0-strict", $"{kind}-{group.Split('.')[0]}-{version}.json"),
        };
        lock (Cache)
        {
            if (!Cache.TryGetValue(path, out var schema))
            {
                schema = JsonSchema.FromFile(Path.Combine(Repository.Shared, "schemas", path), Build);
                Cache[path] = schema;
            }

            return schema;
        }
    }
}
