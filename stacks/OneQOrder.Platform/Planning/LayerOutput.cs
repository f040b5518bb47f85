using System.Globalization;
using System.Text;
using OneQOrder.Platform.Edge;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using OneQOrder.Platform.Tenants;

namespace OneQOrder.Platform.Planning;

/// <summary>
/// What the <c>plan</c> command shows of the Kubernetes layer: the rendered files for <c>plan --out DIR</c>, the
/// allowed-calls matrix for the text report, and the Mermaid diagram the README embeds. The Pulumi program applies
/// the very same files, so what a reviewer reads is what gets applied.
/// </summary>
public static class LayerOutput
{
    /// <summary>
    /// Every rendered file, in a stable order: one per service namespace, then one values file per cluster add-on
    /// release, the mesh namespaces and one values file per mesh release (install order), then the monitoring
    /// manifests, rules, dashboards and values, then the edge's namespaces, values, gateway objects and routes.
    /// </summary>
    public static IReadOnlyList<RenderedManifest> Files(PlatformPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var files = new List<RenderedManifest>(plan.ServiceNamespaces);
        // The add-on releases (Cluster Autoscaler on EKS). The StorageClass is not a file: its key parameter is the
        // key's ARN or id, which exists only once the key does; `plan` prints the class (ClusterAddonsPlan.StorageClass).
        files.AddRange(plan.Addons.Releases.Select(r => ValuesFile("addons", r)));
        files.Add(plan.Mesh.Namespaces);
        files.AddRange(plan.Mesh.Releases.Select(r => ValuesFile("mesh", r)));
        files.Add(plan.Mesh.VizPolicy);
        files.Add(plan.Monitoring.Manifests);
        files.Add(plan.Monitoring.Rules);
        files.Add(plan.Monitoring.Dashboards);
        files.Add(ValuesFile("monitoring", plan.Monitoring.Release));
        if (plan.Edge is { } edge)
        {
            files.Add(edge.Namespaces);
            files.AddRange(edge.Releases.Select(r => ValuesFile("edge", r)));
            files.Add(edge.Gateway);
            files.Add(edge.Routes);
        }

        return files;
    }

    private static RenderedManifest ValuesFile(string folder, HelmReleasePlan release) =>
        new($"{folder}/values/{release.Name}.yaml", () => release.ValuesYaml);

    /// <summary>
    /// The allowed calls as a caller × callee table (<c>X</c> allowed, <c>.</c> denied), services in catalogue order,
    /// followed by the list of calls. Plain text with aligned columns for the report.
    /// </summary>
    public static string CallMatrix(TenantCatalogue tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        return CallMatrix(tenants.Tenants.Select(t => t.Name).ToList(), tenants.Calls.Select(c => (c.Caller.Name, c.Callee.Name)).ToList());
    }

    /// <summary>The same matrix from plain names, for reports that carry the catalogue as data (the plan document).</summary>
    public static string CallMatrix(IReadOnlyList<string> names, IReadOnlyCollection<(string From, string To)> calls)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(calls);
        var allowed = calls.ToHashSet();
        const string corner = "caller \\ callee";
        var first = Math.Max(corner.Length, names.Max(n => n.Length));
        var text = new StringBuilder();
        text.Append(corner.PadRight(first));
        foreach (var n in names)
        {
            text.Append("  ").Append(n);
        }

        text.Append('\n');
        foreach (var caller in names)
        {
            text.Append(caller.PadRight(first));
            foreach (var callee in names)
            {
                var mark = allowed.Contains((caller, callee)) ? "X" : ".";
                text.Append("  ").Append(mark.PadRight(callee.Length));
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"{allowed.Count} allowed calls (mesh port {PlatformPorts.ProxyInbound}, mTLS identity); monitoring scrapes every namespace on {PlatformPorts.ProxyAdmin}; everything else is denied.\n");
        return text.ToString();
    }

    /// <summary>
    /// A Mermaid <c>flowchart LR</c>: the internet to the gateway and the gateway to each service an HTTPRoute sends to
    /// (read from the edge's rendered routes; no service is drawn reachable from the internet directly), every allowed
    /// call, and monitoring scraping each namespace. Node ids are derived from names (Mermaid ids cannot hold <c>-</c> reliably).
    /// </summary>
    public static string Mermaid(TenantCatalogue tenants, EdgePlan? edge)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var text = new StringBuilder("flowchart LR\n");
        var routed = edge?.RouteObjects.Select(f => f.Thaw()).OfType<HttpRoute>()
            .SelectMany(r => r.Spec.Rules.SelectMany(rule => rule.BackendRefs ?? []).Select(b => b.Name))
            .Distinct(StringComparer.Ordinal)
            .ToList() ?? [];
        if (edge is not null)
        {
            text.Append("  internet((internet))\n");
            text.Append(CultureInfo.InvariantCulture, $"  {GatewayNode}{{{{\"gateway ({edge.Namespace})\"}}}}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  {Id(PlatformNamespaces.Monitoring)}[[{PlatformNamespaces.Monitoring}]]\n");
        foreach (var t in tenants.Tenants)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Id(t.Name)}[{Label(t.Name)}]\n");
        }

        if (edge is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  internet -->|HTTPS| {GatewayNode}\n");
        }

        foreach (var t in tenants.Tenants.Where(t => routed.Contains(t.Name)))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {GatewayNode} -->|mTLS| {Id(t.Name)}\n");
        }

        foreach (var call in tenants.Calls)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Id(call.Caller.Name)} -->|mTLS| {Id(call.Callee.Name)}\n");
        }

        foreach (var t in tenants.Tenants)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Id(PlatformNamespaces.Monitoring)} -. {PlatformPorts.ProxyAdmin} .-> {Id(t.Name)}\n");
        }

        return text.ToString();
    }

    /// <summary>The gateway's node id: a name no service can take (service names are DNS labels, no underscore).</summary>
    private const string GatewayNode = "edge_gateway";

    /// <summary>
    /// A node id from a name. Mermaid's keywords break a flowchart when used as ids (Mermaid docs, "Flowcharts":
    /// "If you are using the word end in a flowchart node, capitalize the entire word or any of the letters"), so
    /// such a service gets a prefixed id; its label still shows the name.
    /// </summary>
    private static string Id(string name) =>
        MermaidKeywords.Contains(name) ? "svc_" + name.Replace('-', '_') : name.Replace('-', '_');

    /// <summary>The node text: the name, quoted when its id is not the name.</summary>
    private static string Label(string name) => MermaidKeywords.Contains(name) ? $"\"{name}\"" : name;

    private static readonly HashSet<string> MermaidKeywords = new(StringComparer.Ordinal)
    {
        "end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classdef", "click", "linkstyle",
        "default", "call", "href", "callback",
    };
}
