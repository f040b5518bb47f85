namespace OneQOrder.Platform.Rendering;

/// <summary>
/// A map of Helm values: nested <see cref="HelmValues"/>, lists, strings, numbers and booleans. Helm values are a
/// free-form tree by nature; building them as a typed map (rather than text) keeps them serialised through
/// <see cref="ManifestYaml"/>, and lets a test walk every key against the chart's defaults.
/// </summary>
public sealed class HelmValues : SortedDictionary<string, object?>
{
    public HelmValues()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The rendered values file.</summary>
    public string ToYaml() => ManifestYaml.RenderSingle(this);

    /// <summary>Every leaf key path (<c>a.b.c</c> segments), depth first; what the chart-keys test checks.</summary>
    public IEnumerable<IReadOnlyList<string>> LeafPaths()
    {
        foreach (var (key, value) in this)
        {
            if (value is HelmValues child && child.Count > 0)
            {
                foreach (var path in child.LeafPaths())
                {
                    yield return [key, .. path];
                }
            }
            else
            {
                yield return [key];
            }
        }
    }
}
