namespace OneQOrder.Plan.Report;

/// <summary>
/// The one public entry (issue 12), read from the edge plan's rendered objects and release values: the cloud load
/// balancer the gateway's EnvoyProxy asks for, the Gateway and its Envoy pods, the routes, the certificates and DNS.
/// Null in <see cref="PlanDocument.PublicEntry"/> when the stack has no ingress.
/// </summary>
public sealed record PublicEntryDocument
{
    public required LoadBalancerDocument LoadBalancer { get; init; }

    public required GatewayDocument Gateway { get; init; }

    /// <summary>One per hostname a service's HTTPRoute serves, in route order.</summary>
    public required IReadOnlyList<RouteDocument> Routes { get; init; }

    /// <summary>What the plain-HTTP listener does: <c>redirect to https</c>, <c>serves the routes</c> or <c>no listener</c>.</summary>
    public required string PlainHttp { get; init; }

    public required CertificatesDocument Certificates { get; init; }

    public required DnsDocument Dns { get; init; }

    /// <summary>The edge's Helm releases in install order (cert-manager, external-dns, Envoy Gateway).</summary>
    public required IReadOnlyList<ReleaseDocument> Releases { get; init; }
}

/// <summary>The one L4 load balancer in front of the Envoy pods (EnvoyProxy <c>envoyService</c>).</summary>
/// <param name="Kind">What creates it: the AWS Load Balancer Controller's NLB, or GKE's external passthrough NLB.</param>
/// <param name="Scheme"><c>internet-facing</c> / <c>external</c>.</param>
/// <param name="TargetType">Where it sends: <c>ip</c> (the pods) on AWS, the nodes on GKE.</param>
/// <param name="SourceRanges">The client ranges allowed (<c>loadBalancerSourceRanges</c>).</param>
/// <param name="ClientIp">How Envoy learns the client's address.</param>
public sealed record LoadBalancerDocument(string Kind, string Scheme, string TargetType, IReadOnlyList<string> SourceRanges, string ClientIp);

/// <summary>The Gateway and its Envoy pods.</summary>
/// <param name="Name">The Gateway, <c>namespace/name</c>.</param>
/// <param name="GatewayClass">Its GatewayClass.</param>
/// <param name="Controller">The Envoy Gateway release that runs it: chart version and namespace.</param>
/// <param name="Replicas">Envoy replicas (EnvoyProxy <c>envoyDeployment.replicas</c>).</param>
/// <param name="MeshIdentity">The Envoy pods' Linkerd identity (their ServiceAccount in the Gateway's namespace).</param>
/// <param name="Listeners">Listeners as <c>name protocol/port</c>.</param>
/// <param name="TlsMinimum">The ClientTrafficPolicy's <c>tls.minVersion</c>, or null when none targets the Gateway.</param>
public sealed record GatewayDocument(string Name, string GatewayClass, string Controller, int Replicas, string? MeshIdentity, IReadOnlyList<string> Listeners, string? TlsMinimum);

/// <summary>A hostname and the Service it reaches.</summary>
public sealed record RouteDocument(string Hostname, string Namespace, string Service, int Port);

/// <summary>The ACME issuer and one certificate per hostname.</summary>
/// <param name="Issuer">The ClusterIssuer's name.</param>
/// <param name="AcmeServer">The ACME directory URL.</param>
/// <param name="Solver">The DNS-01 solver and its zone.</param>
/// <param name="Items">One Certificate per hostname.</param>
public sealed record CertificatesDocument(string Issuer, string AcmeServer, string Solver, IReadOnlyList<CertificateDocument> Items);

/// <summary>A Certificate: its name, hostnames and the Secret it writes.</summary>
public sealed record CertificateDocument(string Name, IReadOnlyList<string> Hostnames, string Secret);

/// <summary>external-dns: the provider, what it reads, what it may write.</summary>
public sealed record DnsDocument(string Release, string Provider, string Policy, IReadOnlyList<string> Sources, IReadOnlyList<string> Domains, string Zone);
