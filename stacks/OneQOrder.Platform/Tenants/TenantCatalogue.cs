using OneQOrder.Platform.Settings;

namespace OneQOrder.Platform.Tenants;

/// <summary>
/// One service of the platform and everything derived from its name (STYLE.md rule 10): the namespace, the
/// ServiceAccount that is its mesh identity, the port callers reach and the namespace quota.
/// </summary>
/// <param name="Name">The service name (a DNS-1123 label), as declared once in <c>oneq-order-infra:services</c>.</param>
/// <param name="Port">The container port callers reach through the mesh.</param>
/// <param name="Public">Takes internet traffic (drawn in the diagram).</param>
/// <param name="Quota">The namespace quota: the service's override or the namespace default.</param>
public sealed record Tenant(string Name, int Port, bool Public, QuotaSettings Quota)
{
    /// <summary>The Kubernetes trust domain Linkerd issues identities in (chart value <c>clusterDomain: cluster.local</c>).</summary>
    public const string TrustDomain = "cluster.local";

    /// <summary>The namespace: one per service, named after it.</summary>
    public string Namespace => Name;

    /// <summary>The ServiceAccount the service's pods run as; its name is the service name.</summary>
    public string ServiceAccount => Name;

    /// <summary>
    /// The mTLS identity Linkerd issues to pods running as <see cref="ServiceAccount"/>: <c>&lt;sa&gt;.&lt;ns&gt;.serviceaccount.identity.linkerd.&lt;trust domain&gt;</c>
    /// (linkerd.io/2/reference/authorization-policy, MeshTLSAuthentication identities).
    /// </summary>
    public string MeshIdentity => Identity(ServiceAccount, Namespace);

    /// <summary>The Linkerd identity of any ServiceAccount.</summary>
    public static string Identity(string serviceAccount, string ns) =>
        $"{serviceAccount}.{ns}.serviceaccount.identity.linkerd.{TrustDomain}";
}

/// <summary>One allowed call between two tenants.</summary>
/// <param name="Caller">The calling tenant.</param>
/// <param name="Callee">The called tenant.</param>
public sealed record TenantCall(Tenant Caller, Tenant Callee)
{
    /// <inheritdoc />
    public override string ToString() => $"{Caller.Name} -> {Callee.Name}";
}

/// <summary>
/// The one tenant catalogue: the services and the allowed calls, from which namespaces, NetworkPolicies and Linkerd
/// authorizations are all derived. Adding a service or a call is one config entry; nothing else names a tenant.
/// Two catalogues are equal when their tenants and calls are (the lookups are derived from them).
/// </summary>
public sealed class TenantCatalogue : IEquatable<TenantCatalogue>
{
    private readonly Dictionary<string, Tenant> byName;
    private readonly ILookup<string, Tenant> callers;
    private readonly ILookup<string, Tenant> callees;

    private TenantCatalogue(IReadOnlyList<Tenant> tenants, IReadOnlyList<TenantCall> calls)
    {
        Tenants = ValueList.From(tenants);
        Calls = ValueList.From(calls);
        byName = tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
        callers = calls.OrderBy(c => c.Caller.Name, StringComparer.Ordinal).ToLookup(c => c.Callee.Name, c => c.Caller, StringComparer.Ordinal);
        callees = calls.OrderBy(c => c.Callee.Name, StringComparer.Ordinal).ToLookup(c => c.Caller.Name, c => c.Callee, StringComparer.Ordinal);
    }

    /// <summary>The tenants in declaration order.</summary>
    public IReadOnlyList<Tenant> Tenants { get; }

    /// <summary>The allowed calls in declaration order, without duplicates.</summary>
    public IReadOnlyList<TenantCall> Calls { get; }

    /// <inheritdoc />
    public bool Equals(TenantCatalogue? other) =>
        other is not null && (ReferenceEquals(this, other) || (Tenants.Equals(other.Tenants) && Calls.Equals(other.Calls)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TenantCatalogue);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Tenants, Calls);

    /// <summary>The tenant of a name; throws for an unknown one (settings validation guarantees calls name known services).</summary>
    public Tenant this[string name] => byName.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"'{name}' is not a service of the tenant catalogue");

    /// <summary>Who may call <paramref name="callee"/>, sorted by name.</summary>
    public IReadOnlyList<Tenant> CallersOf(string callee) => callers[callee].ToList();

    /// <summary>Whom <paramref name="caller"/> may call, sorted by name.</summary>
    public IReadOnlyList<Tenant> CalleesOf(string caller) => callees[caller].ToList();

    /// <summary>True when the matrix declares <paramref name="caller"/> → <paramref name="callee"/>.</summary>
    public bool Allows(string caller, string callee) => callees[caller].Any(t => t.Name == callee);

    /// <summary>Builds the catalogue from validated settings: per-service quota overrides fall back to the namespace default.</summary>
    public static TenantCatalogue From(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tenants = settings.Services
            .Select(s => new Tenant(s.Name, s.Port, s.Public, s.Quota ?? settings.Namespaces.Quota))
            .ToList();
        var byName = tenants.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var calls = settings.Calls
            .Distinct()
            .Select(c => new TenantCall(Lookup(byName, c.From, c), Lookup(byName, c.To, c)))
            .ToList();
        return new TenantCatalogue(tenants, calls);
    }

    private static Tenant Lookup(Dictionary<string, Tenant> byName, string name, CallSettings call) =>
        byName.TryGetValue(name, out var t)
            ? t
            : throw new ArgumentException($"call '{call}' names '{name}', which is not a declared service", nameof(call));
}
