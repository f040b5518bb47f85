using System.Collections.Immutable;
using OneQOrder.Platform.Mesh;
using OneQOrder.Platform.Planning;
using OneQOrder.Platform.Rendering;
using Pulumi;
using Pulumi.Kubernetes.Helm.V3;
using Pulumi.Kubernetes.Types.Inputs.Yaml.V2;
using Pulumi.Kubernetes.Yaml.V2;
using Pulumi.Tls;
using Pulumi.Tls.Inputs;
using KubernetesProvider = Pulumi.Kubernetes.Provider;

namespace OneQOrder.Infra.Components;

/// <summary>Inputs of <see cref="ServiceMesh"/>.</summary>
public sealed class ServiceMeshArgs
{
    /// <summary>The mesh as planned by the library: releases in install order, namespaces, Gateway API CRDs, certificate lifetimes.</summary>
    public required MeshPlan Plan { get; init; }

    /// <summary>The provider of the cluster the mesh goes into; every Kubernetes child uses it explicitly.</summary>
    public required KubernetesProvider Provider { get; init; }
}

/// <summary>
/// The Linkerd service mesh: its identity PKI (trust anchor and issuer, which Helm cannot generate), then, strictly in
/// order, the Gateway API CRDs, the platform namespaces, the planned Helm releases
/// (linkerd-crds → linkerd2-cni → linkerd-control-plane → linkerd-viz) and linkerd-viz's scrape authorization.
/// </summary>
public sealed class ServiceMesh : ComponentResource
{
    /// <summary>Helm's per-operation wait for a mesh release. Linkerd's control plane waits for its identity, destination
    /// and proxy-injector Deployments (three replicas each with HA values) to become ready on freshly scheduled nodes.</summary>
    internal const int ReleaseTimeoutSeconds = 600;

    /// <summary>The issuer is re-issued by <c>pulumi up</c> once less than this share of its lifetime remains
    /// (<c>earlyRenewalHours</c>), long before the proxies' identities stop validating.</summary>
    internal const int IssuerEarlyRenewalDivisor = 4;

    /// <summary>Subject of the trust anchor, as in Linkerd's "Generating your own mTLS root certificates" guide.</summary>
    internal const string TrustAnchorCommonName = "root.linkerd.cluster.local";

    /// <summary>Subject of the identity issuer: Linkerd's identity service expects <c>identity.linkerd.&lt;trust domain&gt;</c>.</summary>
    internal const string IssuerCommonName = "identity.linkerd.cluster.local";

    /// <summary>
    /// Key usages of both CA certificates: sign certificates and CRLs only (terraform-provider-tls names; the same
    /// usages as <c>step certificate create --profile root-ca / intermediate-ca</c> in Linkerd's guide).
    /// </summary>
    internal static readonly ImmutableArray<string> CaUsages = ["cert_signing", "crl_signing"];

    /// <summary>The trust anchor certificate (public; every proxy trusts it). Rotating it is a manual, bundled procedure.</summary>
    [Output("trustAnchorPem")]
    public Output<string> TrustAnchorPem { get; }

    /// <summary>
    /// When the trust anchor expires (RFC 3339, the certificate's <c>validityEndTime</c>). Linkerd exports no metric
    /// for it, so the monitoring layer records it in a PrometheusRule (PlatformRules.TrustAnchorRule).
    /// </summary>
    [Output("trustAnchorExpiry")]
    public Output<string> TrustAnchorExpiry { get; }

    /// <summary>The namespace of the Linkerd control plane, known once the control plane release is installed.</summary>
    [Output("controlPlaneNamespace")]
    public Output<string> ControlPlaneNamespace { get; }

    public ServiceMesh(string name, ServiceMeshArgs args, ComponentResourceOptions? options = null)
        : base("oneq:infra:ServiceMesh", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = args.Plan;

        // Checked before anything is registered: without a control plane there is nothing to hand the certificates to.
        if (plan.Releases.Count(IsControlPlane) != 1)
        {
            throw new ArgumentException(
                $"The mesh plan must have exactly one {ChartCatalogue.LinkerdControlPlane.Name} release; releases: {string.Join(", ", plan.Releases.Select(r => r.Name))}",
                nameof(args));
        }

        var (anchor, anchorKey) = CreateTrustAnchor(name, plan);
        var (issuer, issuerKey) = CreateIssuer(name, plan, anchor, anchorKey);

        // Server-side applied by the provider (the v4 default), so the large CRDs do not hit the client-side
        // last-applied annotation size limit.
        var gatewayApi = new ConfigGroup($"{name}-gateway-api-crds", new ConfigGroupArgs
        {
            Files = { plan.GatewayApiCrdsUrl },
        }, ChildOptions(args.Provider));

        var namespaces = new ConfigGroup($"{name}-namespaces", new ConfigGroupArgs
        {
            Yaml = plan.Namespaces.Yaml,
        }, ChildOptions(args.Provider, gatewayApi));

        // The identity values are merged over the rendered values file (Helm gives Values precedence).
        var identityValues = IdentityValues(anchor.CertPem, issuer.CertPem, issuerKey.PrivateKeyPem);

        // Each release waits for the previous one: linkerd-crds defines the policy CRDs the control plane's
        // resources use, and the CNI DaemonSet must be running before meshed pods start (GUARDRAILS #26).
        Resource previous = namespaces;
        var releases = new List<(HelmReleasePlan Plan, Release Release)>();
        foreach (var releasePlan in plan.Releases)
        {
            var releaseArgs = PlannedReleaseArgs.From(releasePlan, ReleaseTimeoutSeconds);
            if (IsControlPlane(releasePlan))
            {
                releaseArgs.Values = identityValues;
            }

            var release = new Release($"{name}-{releasePlan.Name}", releaseArgs, new CustomResourceOptions
            {
                Parent = this,
                Provider = args.Provider,
                DependsOn = { previous },
            });
            releases.Add((releasePlan, release));
            previous = release;
        }

        // linkerd-viz's scrape authorization (policy CRDs from linkerd-crds; after viz so it lands in a namespace viz runs in).
        _ = new ConfigGroup($"{name}-viz-policy", new ConfigGroupArgs
        {
            Yaml = plan.VizPolicy.Yaml,
        }, ChildOptions(args.Provider, previous));

        var controlPlane = releases.Single(r => IsControlPlane(r.Plan)).Release;

        TrustAnchorPem = anchor.CertPem;
        TrustAnchorExpiry = anchor.ValidityEndTime;
        ControlPlaneNamespace = controlPlane.Namespace;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["trustAnchorPem"] = TrustAnchorPem,
            ["trustAnchorExpiry"] = TrustAnchorExpiry,
            ["controlPlaneNamespace"] = ControlPlaneNamespace,
        });
    }

    private static bool IsControlPlane(HelmReleasePlan release) => release.Chart == ChartCatalogue.LinkerdControlPlane;

    /// <summary>
    /// The self-signed root every proxy trusts. It has no early renewal on purpose: a new anchor invalidates every
    /// workload identity at once, so it is rotated by Linkerd's bundle procedure, not by a routine <c>pulumi up</c>.
    /// </summary>
    private (SelfSignedCert Anchor, PrivateKey Key) CreateTrustAnchor(string name, MeshPlan plan)
    {
        var key = EcdsaP256Key($"{name}-trust-anchor-key");
        var anchor = new SelfSignedCert($"{name}-trust-anchor", new SelfSignedCertArgs
        {
            PrivateKeyPem = key.PrivateKeyPem,
            IsCaCertificate = true,

            // Root of a two-level chain (anchor → issuer → workload): one CA may follow it (step's root-ca profile).
            MaxPathLength = 1,
            AllowedUses = CaUsages.ToArray(),
            Subject = new SelfSignedCertSubjectArgs { CommonName = TrustAnchorCommonName },
            ValidityPeriodHours = plan.TrustAnchorValidityHours,
        }, new CustomResourceOptions { Parent = this });
        return (anchor, key);
    }

    /// <summary>The intermediate CA Linkerd's identity service signs workload certificates with.</summary>
    private (LocallySignedCert Issuer, PrivateKey Key) CreateIssuer(string name, MeshPlan plan, SelfSignedCert anchor, PrivateKey anchorKey)
    {
        var key = EcdsaP256Key($"{name}-issuer-key");
        var request = new CertRequest($"{name}-issuer-csr", new CertRequestArgs
        {
            PrivateKeyPem = key.PrivateKeyPem,
            Subject = new CertRequestSubjectArgs { CommonName = IssuerCommonName },
        }, new CustomResourceOptions { Parent = this });

        // No MaxPathLength: terraform-provider-tls treats 0 as "unset" (it never sets MaxPathLenZero), which is what an
        // issuer of leaf certificates needs anyway.
        var issuer = new LocallySignedCert($"{name}-issuer", new LocallySignedCertArgs
        {
            CertRequestPem = request.CertRequestPem,
            CaCertPem = anchor.CertPem,
            CaPrivateKeyPem = anchorKey.PrivateKeyPem,
            IsCaCertificate = true,
            AllowedUses = CaUsages.ToArray(),
            ValidityPeriodHours = plan.IssuerValidityHours,

            // Linkerd reloads a rotated issuer without restarting proxies, so routine re-issue is safe.
            EarlyRenewalHours = plan.IssuerValidityHours / IssuerEarlyRenewalDivisor,
        }, new CustomResourceOptions { Parent = this });
        return (issuer, key);
    }

    /// <summary>Linkerd requires ECDSA P-256 keys for its trust anchor and issuer (linkerd.io/2/tasks/generate-certificates).</summary>
    private PrivateKey EcdsaP256Key(string resourceName) => new(resourceName, new PrivateKeyArgs
    {
        Algorithm = "ECDSA",
        EcdsaCurve = "P256",
    }, new CustomResourceOptions { Parent = this });

    /// <summary>Every Kubernetes child: parented here, on the given cluster's provider, after <paramref name="after"/>.</summary>
    private ComponentResourceOptions ChildOptions(KubernetesProvider provider, Resource? after = null)
    {
        var childOptions = new ComponentResourceOptions { Parent = this, Provider = provider };
        if (after is not null)
        {
            childOptions.DependsOn.Add(after);
        }

        return childOptions;
    }

    /// <summary>
    /// The extra linkerd-control-plane values. They hold the issuer's private key, so the whole map is a secret in
    /// state and previews, explicitly rather than by relying on each Tls output's own secret marking.
    /// </summary>
    internal static Output<ImmutableDictionary<string, object>> IdentityValues(
        Output<string> trustAnchorPem, Output<string> issuerCertPem, Output<string> issuerKeyPem) =>
        Output.CreateSecret(
            Output.Tuple(trustAnchorPem, issuerCertPem, issuerKeyPem)
                .Apply(pems => LinkerdIdentityValues(pems.Item1, pems.Item2, pems.Item3)));

    /// <summary>
    /// The linkerd-control-plane values that carry the generated certificates, at the value paths the plan names
    /// (<see cref="MeshPlan.TrustAnchorValueKey"/> etc., checked against the chart's values.yaml by the library's tests).
    /// </summary>
    internal static ImmutableDictionary<string, object> LinkerdIdentityValues(string trustAnchorPem, string issuerCertPem, string issuerKeyPem) =>
        Nest(
        [
            (MeshPlan.TrustAnchorValueKey.Split('.'), trustAnchorPem),
            (MeshPlan.IssuerCertificateValueKey.Split('.'), issuerCertPem),
            (MeshPlan.IssuerKeyValueKey.Split('.'), issuerKeyPem),
        ]);

    /// <summary>Turns dotted value paths into the nested maps Helm expects (<c>a.b</c> → <c>{a: {b: …}}</c>).</summary>
    private static ImmutableDictionary<string, object> Nest(IEnumerable<(string[] Path, string Value)> entries) =>
        entries
            .GroupBy(e => e.Path[0], StringComparer.Ordinal)
            .ToImmutableDictionary(
                g => g.Key,
                g => g.Count() == 1 && g.Single().Path.Length == 1
                    ? g.Single().Value
                    : (object)Nest(g.Select(e => (e.Path[1..], e.Value))),
                StringComparer.Ordinal);
}
