namespace OneQOrder.Platform.Configuration;

/// <summary>
/// One problem with a stack's configuration: the key it concerns, the value found (null when the key is missing)
/// and what was expected. Validation returns all of them at once.
/// </summary>
/// <param name="Key">The full config key, e.g. <c>oneq-order-infra:network.cidr</c> or <c>oneq-order-infra:services[2].name</c>.</param>
/// <param name="Value">The offending value as written, or null when the key is missing.</param>
/// <param name="Expected">What would be accepted, phrased to complete "expected …".</param>
public sealed record ConfigError(string Key, string? Value, string Expected)
{
    /// <summary>The message shown to people: <c>key: got "value"; expected …</c>.</summary>
    public string Message => Value is null
        ? $"{Key}: missing; expected {Expected}"
        : $"{Key}: got \"{Value}\"; expected {Expected}";

    /// <inheritdoc />
    public override string ToString() => Message;
}

/// <summary>Thrown at the edge (the Pulumi program, the plan command) when a stack's configuration is invalid; carries every error.</summary>
public sealed class InvalidStackConfigurationException : Exception
{
    public InvalidStackConfigurationException(string stack, IReadOnlyList<ConfigError> errors)
        : base(FormatMessage(stack, errors))
    {
        Stack = stack;
        Errors = errors;
    }

    public InvalidStackConfigurationException()
        : this("?", [])
    {
    }

    public InvalidStackConfigurationException(string message)
        : base(message)
    {
        Stack = "?";
        Errors = [];
    }

    public InvalidStackConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stack = "?";
        Errors = [];
    }

    /// <summary>The stack whose configuration failed.</summary>
    public string Stack { get; } = "?";

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; } = [];

    private static string FormatMessage(string stack, IReadOnlyList<ConfigError> errors) =>
        $"stack '{stack}' has {errors.Count} configuration error(s); nothing was created:" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Message));
}
