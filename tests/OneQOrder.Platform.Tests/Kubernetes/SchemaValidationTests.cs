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
/// Operator kinds, the upstream CRDs for Envoy Gateway and cert-manager kinds, and BOTH the Gateway API v1.2.1 and
/// v1.6.1 standard schemas for Gateway API kinds (Linkerd ignores a resource with fields newer than 1.2.1; the
/// installed CRDs are 1.6.1). YAML documents are converted to JSON first, keeping quoted scalars as strings. The
/// stacks are validated as committed and with an ingress (<see cref="EdgeStacks"/>), so the edge's objects are too.
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
    [InlineData("dev", false)]
    [InlineData("prod", false)]
    [InlineData("dev", true)]
    [InlineData("prod", true)]
    public void Every_rendered_object_validates_against_its_upstream_schema(string stack, bool withIngress)
    {
        Skip.IfNot(Repository.HasShared("schemas"), Repository.SkipReason("schemas"));

        // Arrange
        var validated = withIngress ? EdgeStacks.Validated(stack) : Repository.Validated(stack);
        var documents = RenderedDocuments.Parse(LayerOutput.Files(PlatformPlanner.Build(validated))
            .Where(f => !f.FileName.Contains("/values/", StringComparison.Ordinal))).ToList();

        // Act
        var failures = Failures(documents);

        // Assert
        Assert.NotEmpty(documents);
        Assert.Empty(failures);
    }

    /// <summary>Every document checked against each of its schemas; one line per failing document and schema.</summary>
    internal static List<string> Failures(IEnumerable<JsonObject> documents) => [.. documents
        .SelectMany(d => SchemaPaths(d).Select(path => (Document: d, Path: path, Result: Schema(path).Evaluate(JsonSerializer.SerializeToElement(d), new EvaluationOptions { OutputFormat = OutputFormat.List }))))
        .Where(r => !r.Result.IsValid)
        .Select(r => $"{r.Document["kind"]} {r.Document["metadata"]?["namespace"]}/{r.Document["metadata"]?["name"]} ({r.Path}): " +
            string.Join("; ", (r.Result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}"))))];

    [SkippableFact]
    public void The_strict_schema_rejects_an_unknown_field()
    {
        Skip.IfNot(Repository.HasShared("schemas"), Repository.SkipReason("schemas"));
        var document = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x","lables":{}}}""")!.AsObject();

        var result = Schema(SchemaPaths(document).Single()).Evaluate(JsonSerializer.SerializeToElement(document));

        Assert.False(result.IsValid);
    }

    /// <summary>The schema files an object must validate against (two for Gateway API kinds).</summary>
    internal static IReadOnlyList<string> SchemaPaths(JsonObject document)
    {
        var apiVersion = (string)document["apiVersion"]!;
        var kind = ((string)document["kind"]!).ToLowerInvariant();
        var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal)
            ? (apiVersion.Split('/')[0], apiVersion.Split('/')[1])
            : (string.Empty, apiVersion);
        return group switch
        {
            "" => [Path.Combine("kubernetes-v1.32.0-strict", $"{kind}-{version}.json")],
            "policy.linkerd.io" or "monitoring.coreos.com" or "gateway.envoyproxy.io" or "cert-manager.io" => [Path.Combine(group, $"{kind}_{version}.json")],
            "gateway.networking.k8s.io" => [.. GatewayApiSchemaVersions.Select(v => Path.Combine($"gateway-api-{v}-standard", group, $"{kind}_{version}.json"))],
            _ => [Path.Combine("kubernetes-v1.32.0-strict", $"{kind}-{group.Split('.')[0]}-{version}.json")],
        };
    }

    /// <summary>The Gateway API releases every Gateway API object must validate against: Linkerd's baseline and the installed CRDs.</summary>
    internal static readonly string[] GatewayApiSchemaVersions = ["v1.2.1", "v1.6.1"];

    private static JsonSchema Schema(string path)
    {
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
