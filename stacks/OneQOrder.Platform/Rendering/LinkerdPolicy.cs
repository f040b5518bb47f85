using k8s.Models;

namespace OneQOrder.Platform.Rendering;

/// <summary>A reference to another object, as Linkerd policy resources use it (<c>targetRef</c>, <c>requiredAuthenticationRefs</c>).</summary>
/// <param name="Group">API group of the referent.</param>
/// <param name="Kind">Kind of the referent.</param>
/// <param name="Name">Name of the referent.</param>
public sealed record PolicyRef(string Group, string Kind, string Name);

/// <summary>The spec of a Linkerd <c>Server</c>: which pods and port the policy applies to.</summary>
/// <param name="PodSelector">Pods in the namespace (empty selects all).</param>
/// <param name="Port">A port number or a container port name (the CRD's <c>x-kubernetes-int-or-string</c>; a numeric value renders as a number).</param>
/// <param name="ProxyProtocol">Protocol discovery hint: <c>HTTP/1</c>, <c>HTTP/2</c>, <c>gRPC</c>, <c>opaque</c>, <c>TLS</c> or <c>unknown</c>.</param>
/// <param name="AccessPolicy">What happens to traffic no authorization matches; <c>deny</c>.</param>
public sealed record ServerSpec(V1LabelSelector PodSelector, IntOrString Port, string ProxyProtocol, string AccessPolicy);

/// <summary><c>policy.linkerd.io/v1beta3 Server</c> (schema: shared/schemas/policy.linkerd.io/server_v1beta3.json).</summary>
public sealed record LinkerdServer(V1ObjectMeta Metadata, ServerSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "policy.linkerd.io/v1beta3";

    public string Kind { get; init; } = "Server";
}

/// <summary>The spec of an <c>AuthorizationPolicy</c>: the target and the authentications ALL of which must hold.</summary>
public sealed record AuthorizationPolicySpec(PolicyRef TargetRef, IReadOnlyList<PolicyRef> RequiredAuthenticationRefs);

/// <summary><c>policy.linkerd.io/v1alpha1 AuthorizationPolicy</c>.</summary>
public sealed record AuthorizationPolicy(V1ObjectMeta Metadata, AuthorizationPolicySpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "policy.linkerd.io/v1alpha1";

    public string Kind { get; init; } = "AuthorizationPolicy";
}

/// <summary>The spec of a <c>MeshTLSAuthentication</c>: the mTLS identities that authenticate.</summary>
public sealed record MeshTlsAuthenticationSpec(IReadOnlyList<string> Identities);

/// <summary><c>policy.linkerd.io/v1alpha1 MeshTLSAuthentication</c>.</summary>
public sealed record MeshTlsAuthentication(V1ObjectMeta Metadata, MeshTlsAuthenticationSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "policy.linkerd.io/v1alpha1";

    public string Kind { get; init; } = "MeshTLSAuthentication";
}

/// <summary>One client network of a <c>NetworkAuthentication</c>.</summary>
public sealed record AuthenticatedNetwork(string Cidr);

/// <summary>The spec of a <c>NetworkAuthentication</c>: client networks that authenticate without mTLS.</summary>
public sealed record NetworkAuthenticationSpec(IReadOnlyList<AuthenticatedNetwork> Networks);

/// <summary><c>policy.linkerd.io/v1alpha1 NetworkAuthentication</c>.</summary>
public sealed record NetworkAuthentication(V1ObjectMeta Metadata, NetworkAuthenticationSpec Spec) : ICustomResource
{
    public string ApiVersion { get; init; } = "policy.linkerd.io/v1alpha1";

    public string Kind { get; init; } = "NetworkAuthentication";
}

/// <summary>References to Linkerd policy kinds, spelled once.</summary>
internal static class PolicyRefs
{
    private const string Group = "policy.linkerd.io";

    public static PolicyRef Server(string name) => new(Group, "Server", name);

    public static PolicyRef MeshTls(string name) => new(Group, "MeshTLSAuthentication", name);

    public static PolicyRef Network(string name) => new(Group, "NetworkAuthentication", name);
}
