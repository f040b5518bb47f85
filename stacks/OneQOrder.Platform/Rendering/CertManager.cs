using System.Text.Json.Serialization;
using k8s.Models;

namespace OneQOrder.Platform.Rendering;

// cert-manager's kinds (cert-manager.io/v1), with only the fields the edge sets. Field names: cert-manager v1.21.1
// deploy/crds (shared/schemas/cert-manager.io) and cert-manager.io/docs/configuration/acme/dns01/{route53,google}.

/// <summary>A reference to a Secret by name (<c>privateKeySecretRef</c>).</summary>
public sealed record SecretKeySelector(string Name);

/// <summary>The Route 53 DNS-01 solver: the zone's region and id; credentials are ambient (the workload identity).</summary>
public sealed record Route53Solver(string Region, [property: JsonPropertyName("hostedZoneID")] string HostedZoneId);

/// <summary>The Cloud DNS DNS-01 solver: the project and managed zone; credentials are ambient (GKE Workload Identity).</summary>
public sealed record CloudDnsSolver(string Project, string HostedZoneName);

/// <summary>A DNS-01 solver: exactly one provider member is set.</summary>
public sealed record AcmeDns01(Route53Solver? Route53, [property: JsonPropertyName("cloudDNS")] CloudDnsSolver? CloudDns);

/// <summary>Which names a solver answers for.</summary>
public sealed record CertificateDnsNameSelector(IReadOnlyList<string> DnsZones);

/// <summary>One ACME challenge solver.</summary>
public sealed record AcmeSolver(AcmeDns01 Dns01, CertificateDnsNameSelector Selector);

/// <summary>An ACME issuer: the directory, the account and its solvers.</summary>
/// <param name="Server">The ACME directory URL.</param>
/// <param name="Email">The account's contact.</param>
/// <param name="PrivateKeySecretRef">Where cert-manager keeps the account key it generates (never in config or state).</param>
/// <param name="Solvers">The challenge solvers.</param>
public sealed record AcmeIssuer(string Server, string Email, SecretKeySelector PrivateKeySecretRef, IReadOnlyList<AcmeSolver> Solvers);

/// <summary>The spec of a ClusterIssuer.</summary>
public sealed record IssuerSpec(AcmeIssuer Acme);

/// <summary><c>cert-manager.io/v1 ClusterIssuer</c> (schema: clusterissuer_v1.json).</summary>
public sealed record ClusterIssuer(V1ObjectMeta Metadata, IssuerSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = CertManagerGroup.Version;

    public string Kind { get; init; } = "ClusterIssuer";
}

/// <summary>The issuer a Certificate is issued by.</summary>
public sealed record IssuerReference(string Name, string Kind, string Group);

/// <summary>The certificate's key: algorithm, size and whether each renewal makes a new one.</summary>
public sealed record CertificatePrivateKey(string Algorithm, int Size, string RotationPolicy);

/// <summary>The spec of a Certificate.</summary>
/// <param name="SecretName">The Secret cert-manager writes the key pair to (in the Certificate's namespace).</param>
/// <param name="DnsNames">The names the certificate is for.</param>
/// <param name="IssuerRef">Who issues it.</param>
/// <param name="PrivateKey">Its key.</param>
public sealed record CertificateSpec(string SecretName, IReadOnlyList<string> DnsNames, IssuerReference IssuerRef, CertificatePrivateKey PrivateKey);

/// <summary><c>cert-manager.io/v1 Certificate</c> (schema: certificate_v1.json).</summary>
public sealed record Certificate(V1ObjectMeta Metadata, CertificateSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = CertManagerGroup.Version;

    public string Kind { get; init; } = "Certificate";
}

/// <summary>cert-manager's API group and version, spelled once.</summary>
public static class CertManagerGroup
{
    /// <summary>The API group.</summary>
    public const string Group = "cert-manager.io";

    /// <summary>The served version.</summary>
    public const string Version = Group + "/v1";
}
