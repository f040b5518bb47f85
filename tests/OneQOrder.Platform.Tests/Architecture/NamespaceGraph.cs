using Mono.Cecil;
using Mono.Cecil.Cil;

namespace OneQOrder.Platform.Tests.Architecture;

/// <summary>
/// The dependencies between the library's namespaces as the compiled assembly has them: every type a type names in
/// its base type, interfaces, fields, properties, method signatures, attributes and method bodies (IL operands).
/// Read from IL with Mono.Cecil rather than from <c>using</c> lines, so a fully qualified name or a global using
/// cannot hide an edge.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), SortedSet<string>> _evidence = [];

    private NamespaceGraph(string root) => Root = root;

    /// <summary>The root namespace; edges are kept between its direct child namespaces (<c>Root.X</c>) only.</summary>
    public string Root { get; }

    /// <summary>Each layer (child namespace) and the layers it uses, without itself.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges => _edges;

    /// <summary>Every assembly the library references, by name.</summary>
    public IReadOnlyList<string> ReferencedAssemblies { get; private init; } = [];

    /// <summary>Which types make up the edge from one layer to another (for failure messages).</summary>
    public IReadOnlyCollection<string> Evidence(string from, string to) =>
        _evidence.TryGetValue((from, to), out var types) ? types : [];

    public static NamespaceGraph Read(string assemblyPath, string root)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var graph = new NamespaceGraph(root)
        {
            ReferencedAssemblies = module.AssemblyReferences.Select(a => a.Name).Order(StringComparer.Ordinal).ToList(),
        };
        foreach (var type in module.GetTypes())
        {
            var from = graph.LayerOf(type);
            if (from is null)
            {
                continue;
            }

            graph._edges.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
            foreach (var used in Uses(type))
            {
                graph.Add(from, type, used);
            }
        }

        return graph;
    }

    /// <summary>A cycle among the layers, as a path <c>A → B → … → A</c>, or null when the graph is acyclic.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the stack, 2 done
        var path = new List<string>();
        foreach (var start in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                return [.. path.Skip(path.IndexOf(node)), node];
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in _edges.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private void Add(string from, TypeDefinition user, TypeReference? used)
    {
        foreach (var reference in Flatten(used))
        {
            var to = LayerOf(reference);
            if (to is null || to == from)
            {
                continue;
            }

            _edges[from].Add(to);
            if (!_evidence.TryGetValue((from, to), out var types))
            {
                _evidence[(from, to)] = types = new SortedSet<string>(StringComparer.Ordinal);
            }

            types.Add($"{Outermost(user).FullName} uses {Outermost(reference).FullName}");
        }
    }

    /// <summary><c>Root.X</c> of a type (nested and compiler-generated types count for their declaring type), or null outside the root.</summary>
    private string? LayerOf(TypeReference type)
    {
        var ns = Outermost(type).Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    /// <summary>A type and the types inside it: element types of arrays and by-refs, generic arguments.</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference? type)
    {
        switch (type)
        {
            case null:
                yield break;
            case GenericInstanceType generic:
                foreach (var t in Flatten(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Flatten)))
                {
                    yield return t;
                }

                yield break;
            case TypeSpecification spec:
                foreach (var t in Flatten(spec.ElementType))
                {
                    yield return t;
                }

                yield break;
            case GenericParameter:
                yield break;
            default:
                yield return type;
                yield break;
        }
    }

    private static IEnumerable<TypeReference?> Uses(TypeDefinition type)
    {
        yield return type.BaseType;
        foreach (var i in type.Interfaces)
        {
            yield return i.InterfaceType;
        }

        foreach (var a in Attributes(type))
        {
            yield return a;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
            foreach (var a in Attributes(property))
            {
                yield return a;
            }
        }

        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var p in method.Parameters)
            {
                yield return p.ParameterType;
                foreach (var a in Attributes(p))
                {
                    yield return a;
                }
            }

            foreach (var a in Attributes(method))
            {
                yield return a;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                yield return local.VariableType;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var t in Operand(instruction))
                {
                    yield return t;
                }
            }
        }
    }

    private static IEnumerable<TypeReference?> Operand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters)
                {
                    yield return p.ParameterType;
                }

                if (m is GenericInstanceMethod g)
                {
                    foreach (var a in g.GenericArguments)
                    {
                        yield return a;
                    }
                }

                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => new[] { a.AttributeType }
            .Concat(a.ConstructorArguments.Select(arg => arg.Value).OfType<TypeReference>()));
}
