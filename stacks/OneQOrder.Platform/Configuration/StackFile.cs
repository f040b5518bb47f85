using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace OneQOrder.Platform.Configuration;

/// <summary>
/// Reads <c>Pulumi.&lt;stack&gt;.yaml</c>, the same file the <c>pulumi</c> CLI uses, into an <see cref="IConfigSource"/>.
/// Only the <c>config:</c> mapping is read; other top-level keys (<c>secretsprovider</c>, <c>encryptedkey</c>,
/// <c>environment</c>) belong to the CLI.
/// </summary>
public static class StackFile
{
    /// <summary>The file name of a stack's settings.</summary>
    public static string FileName(string stack) => $"Pulumi.{stack}.yaml";

    /// <summary>At most this many alias uses (<c>*name</c>) in one file: a stack file needs a few, an alias bomb needs many.</summary>
    public const int MaxAliases = 100;

    /// <summary>
    /// At most this many values (mappings, lists and scalars) once aliases are expanded: a 2 KB "billion laughs" file
    /// otherwise expands to gigabytes. A stack of 2,000 services and their calls holds about 20,000.
    /// </summary>
    public const int MaxValues = 200_000;

    /// <summary>
    /// Parses the text of a stack file. Malformed YAML, an empty file, a missing <c>config:</c> mapping, too many
    /// aliases and unprefixed keys are errors; none of them throws.
    /// </summary>
    public static StackFileResult Parse(string stack, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = FileName(stack);
        YamlStream yaml = new();
        var parser = new GuardedParser(new Parser(new StringReader(text)));
        try
        {
            yaml.Load(parser);
        }
        catch (YamlException ex) when (parser.Aliases <= MaxAliases)
        {
            return StackFileResult.Failed(SyntaxError(file, text, ex));
        }
        catch (YamlException)
        {
            // Thrown by GuardedParser at the first alias over the limit; reported below.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unterminated flow collections, e.g. an
            // unclosed `[` followed by more lines. Blame the innermost collection still open, else the last good event.
            var (line, column, what) = parser.Unclosed is { } open
                ? (open.Line, open.Column, open.Kind == '[' ? "a `[` list that is never closed" : "a `{` mapping that is never closed")
                : (parser.LastGood.Line, parser.LastGood.Column, "text the YAML parser cannot read");
            return StackFileResult.Failed(new ConfigError(At(file, line, column), what,
                "well-formed YAML: close each `[` with `]` and each `{` with `}`"));
        }

        if (parser.Aliases > MaxAliases)
        {
            return StackFileResult.Failed(new ConfigError(At(file, parser.FirstExcessAlias.Line, parser.FirstExcessAlias.Column),
                $"{parser.Aliases} aliases", $"at most {MaxAliases} YAML aliases (*name) in a stack file"));
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return StackFileResult.Failed(new ConfigError(file, null,
                "a YAML mapping with a `config:` section; the file is empty"));
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            return StackFileResult.Failed(new ConfigError(file, Describe(yaml.Documents[0].RootNode),
                "a YAML mapping with a `config:` section"));
        }

        var configNode = root.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "config" }).Value;
        if (configNode is null || configNode is YamlScalarNode { Value: null or "" })
        {
            return StackFileResult.Failed(new ConfigError($"{file}: config", null,
                "a `config:` mapping of keys such as oneq-order-infra:cloud"));
        }

        if (configNode is not YamlMappingNode config)
        {
            return StackFileResult.Failed(new ConfigError($"{file}: config", Describe(configNode),
                "a mapping of keys such as oneq-order-infra:cloud"));
        }

        Dictionary<string, JsonNode?> values = new(StringComparer.Ordinal);
        List<ConfigError> problems = [];
        var budget = new ValueBudget(MaxValues);
        foreach (var (key, value) in config.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                // `? [a, b] : x` is valid YAML but not a config key; report it instead of failing a cast.
                problems.Add(new ConfigError($"{file}: config (line {key.Start.Line})", Describe(key), "a config key such as oneq-order-infra:cloud"));
                continue;
            }

            if (!name.Contains(':', StringComparison.Ordinal))
            {
                // Pulumi refuses a config key without a namespace; `pulumi config set cloud aws` writes the prefixed key.
                problems.Add(new ConfigError(At(file, key.Start.Line, key.Start.Column) + $": {name}", "a key without a namespace",
                    $"{Settings.StackDefaults.Project}:{name} (this project's keys are written with the prefix {Settings.StackDefaults.Project}:)"));
                continue;
            }

            var json = ToJson(value, budget);
            if (budget.Exceeded)
            {
                return StackFileResult.Failed(new ConfigError(At(file, value.Start.Line, value.Start.Column) + $": {name}",
                    $"more than {MaxValues} values once YAML aliases are expanded", $"at most {MaxValues} values in a stack file"));
            }

            values.Add(name, json);
        }

        return problems.Count > 0
            ? new StackFileResult(null, problems)
            : new StackFileResult(new DictionaryConfigSource(stack, values), []);
    }

    /// <summary>
    /// Reads <c>Pulumi.&lt;stack&gt;.yaml</c> from <paramref name="root"/>. A missing file is an error naming the path looked
    /// for and the stacks that do exist; an unreadable file or bytes that are not UTF-8 are errors too.
    /// </summary>
    public static StackFileResult Load(string root, string stack) => Load(root, stack, File.ReadAllBytes);

    /// <summary><see cref="Load(string, string)"/> with the file reading supplied (tests read through a failing reader).</summary>
    internal static StackFileResult Load(string root, string stack, Func<string, byte[]> readAllBytes)
    {
        var file = FileName(stack);
        var path = Path.GetFullPath(Path.Combine(root, file));
        if (Directory.Exists(path))
        {
            return StackFileResult.Failed(new ConfigError(file, "a folder", $"a stack file at {path}"));
        }

        if (!File.Exists(path))
        {
            var folder = Path.GetFullPath(root);
            var existing = Directory.Exists(root) ? StackNames(root) : [];
            var known = !Directory.Exists(root) ? $"the folder {folder} does not exist"
                : existing.Count == 0 ? $"no Pulumi.<stack>.yaml is in {folder}"
                : $"stacks in {folder}: {string.Join(", ", existing)}";
            return StackFileResult.Failed(new ConfigError(file, null, $"a stack file at {path}; no such file ({known})"));
        }

        byte[] bytes;
        try
        {
            bytes = readAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StackFileResult.Failed(new ConfigError(file, ex.Message.Split('\n', 2)[0].Trim().TrimEnd('.'), $"a readable stack file at {path}"));
        }

        return Decode(file, bytes) is { } error ? StackFileResult.Failed(error) : Parse(stack, Utf8.GetString(Bom(bytes)));
    }

    /// <summary>The stack names of the <c>Pulumi.&lt;stack&gt;.yaml</c> files in <paramref name="root"/>, sorted.</summary>
    public static IReadOnlyList<string> StackNames(string root) =>
        [.. Directory.EnumerateFiles(root, "Pulumi.*.yaml")
            .Select(p => Path.GetFileName(p)["Pulumi.".Length..^".yaml".Length])
            .Where(s => s.Length > 0)
            .Order(StringComparer.Ordinal)];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Bom(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;

    /// <summary>An error at the first byte that is not UTF-8 (Pulumi and YAML read UTF-8), or null when all are.</summary>
    private static ConfigError? Decode(string file, byte[] bytes)
    {
        var span = Bom(bytes);
        int line = 1, column = 1;
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(span, out var rune, out var consumed) != OperationStatus.Done)
            {
                return new ConfigError(At(file, line, column), $"byte 0x{span[0]:X2}, which is not UTF-8",
                    "UTF-8 text (save the file as UTF-8)");
            }

            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
            span = span[consumed..];
        }

        return null;
    }

    private static ConfigError SyntaxError(string file, string text, YamlException ex)
    {
        var message = FirstLine(ex.Message);
        var (line, column) = ((int)ex.Start.Line, (int)ex.Start.Column);
        if (message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text, line) is { } tab)
        {
            // YamlDotNet reports a tab at the start of the token it was reading, often lines earlier; point at the tab.
            return new ConfigError(At(file, tab.Line, tab.Column), "a tab in the indentation", "indentation with spaces (YAML forbids tabs there)");
        }

        // The parser's own words are the value found (e.g. "duplicate key cidr"), so the message reads
        // `Pulumi.x.yaml (line 6, column 5): got "duplicate key cidr"; expected each key once per mapping`.
        return new ConfigError(At(file, line, column), message, message.StartsWith("duplicate key", StringComparison.Ordinal)
            ? "each key once per mapping"
            : "well-formed YAML");
    }

    /// <summary>The first tab in a line's leading whitespace, searching from <paramref name="fromLine"/> and then from the top.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        foreach (var start in new[] { Math.Max(fromLine, 1), 1 })
        {
            for (var i = start - 1; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', 0, indent);
                if (tab >= 0)
                {
                    return (i + 1, tab + 1);
                }
            }
        }

        return null;
    }

    private static string At(string file, long line, long column) => $"{file} (line {line}, column {column})";

    /// <summary>
    /// YAML to the shape Pulumi hands a program: mappings to objects, sequences to arrays, every scalar as a string
    /// (typed parsing happens in <see cref="SettingsReader"/>, which accepts JSON numbers and booleans too). Aliases
    /// are copied, so each copy counts against <paramref name="budget"/>; conversion stops once it is spent.
    /// </summary>
    internal static JsonNode? ToJson(YamlNode node, ValueBudget budget)
    {
        if (!budget.Take())
        {
            return null;
        }

        switch (node)
        {
            case YamlMappingNode map:
                JsonObject obj = [];
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode { Value: { } text } ? text : Describe(key);
                    var child = ToJson(value, budget);
                    if (budget.Exceeded)
                    {
                        return null;
                    }

                    obj[name] = child;
                }

                return obj;
            case YamlSequenceNode seq:
                JsonArray array = [];
                foreach (var item in seq.Children)
                {
                    var child = ToJson(item, budget);
                    if (budget.Exceeded)
                    {
                        return null;
                    }

                    array.Add(child);
                }

                return array;
            case YamlScalarNode { Value: null }:
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" }:
                return null;
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value);
            default:
                throw new InvalidOperationException($"unsupported YAML node {node.NodeType}");
        }
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? string.Empty,
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim().TrimEnd('.').ToLower(CultureInfo.InvariantCulture);
}

/// <summary>The outcome of reading a stack file: a source, or the errors that stopped it.</summary>
public sealed record StackFileResult(IConfigSource? Source, IReadOnlyList<ConfigError> Errors)
{
    internal static StackFileResult Failed(ConfigError error) => new(null, [error]);
}

/// <summary>A count of values converted, shared by one conversion, that refuses more than its limit.</summary>
internal sealed class ValueBudget(int limit)
{
    private int left = limit;

    /// <summary>True once more values were asked for than the limit allows.</summary>
    public bool Exceeded => left < 0;

    /// <summary>Counts one value; false once the limit is passed.</summary>
    public bool Take() => --left >= 0;
}

/// <summary>
/// Passes YamlDotNet's parser events through while noting what errors need: the flow collections (<c>[</c>, <c>{</c>)
/// still open, the last event read, and how many aliases were used (to refuse an alias bomb before it is expanded).
/// </summary>
internal sealed class GuardedParser(IParser inner) : IParser
{
    private readonly Stack<(char Kind, Mark Start)?> collections = new();

    public ParsingEvent? Current => inner.Current;

    /// <summary>The innermost flow collection not yet closed, with where it was opened.</summary>
    public (char Kind, long Line, long Column)? Unclosed =>
        collections.FirstOrDefault(c => c is not null) is { } open ? (open.Kind, open.Start.Line, open.Start.Column) : null;

    /// <summary>Where the last event read ends (line 1, column 1 before any).</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    /// <summary>Alias uses (<c>*name</c>) read so far.</summary>
    public int Aliases { get; private set; }

    /// <summary>Where the alias beyond <see cref="StackFile.MaxAliases"/> is.</summary>
    public Mark FirstExcessAlias { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case SequenceStart s:
                collections.Push(s.Style == YamlDotNet.Core.Events.SequenceStyle.Flow ? ('[', s.Start) : null);
                break;
            case MappingStart m:
                collections.Push(m.Style == YamlDotNet.Core.Events.MappingStyle.Flow ? ('{', m.Start) : null);
                break;
            case SequenceEnd or MappingEnd when collections.Count > 0:
                collections.Pop();
                break;
            case AnchorAlias alias:
                if (++Aliases == StackFile.MaxAliases + 1)
                {
                    FirstExcessAlias = alias.Start;
                }

                if (Aliases > StackFile.MaxAliases)
                {
                    // Stop reading: the file is refused (StackFile.Parse checks Aliases first), and reading on is what an alias bomb wants.
                    throw new YamlException(alias.Start, alias.End, "too many aliases");
                }

                break;
        }

        LastGood = inner.Current!.End;
        return true;
    }
}
