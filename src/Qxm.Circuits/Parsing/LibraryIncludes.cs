using System.Collections.Frozen;
using Qxm.Circuits.Semantics;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Parsing;

/// <summary>The standard includes shipped inside the program, parsed once per process.</summary>
internal static class LibraryIncludes
{
    public const string Qelib1 = "qelib1.inc";
    public const string StdGates = "stdgates.inc";

    /// <summary>Trapped-ion native gates (gpi, gpi2, ms), so circuits written for such devices parse and simulate.</summary>
    public const string IonQ = "ionq.inc";

    private static readonly Lazy<IReadOnlyList<GateDefinition>> Qelib1Gates = new(() => Load(Qelib1, 2));

    // OpenQASM 3 has no built-in CX; stdgates.inc provides it, so including the file brings it into scope.
    private static readonly Lazy<IReadOnlyList<GateDefinition>> StdGatesGates = new(() => [GateDefinition.CX, .. Load(StdGates, 3)]);

    private static readonly Lazy<IReadOnlyList<GateDefinition>> IonQGates = new(() => Load(IonQ, 3));

    /// <summary>Amazon Braket's built-in gate names that mean the same as a stdgates.inc gate.</summary>
    private static readonly string[] BraketStandardNames = ["h", "x", "y", "z", "s", "t", "rx", "ry", "rz", "swap", "cswap", "cy", "cz"];

    private static readonly Lazy<FrozenDictionary<string, GateDefinition>> BraketGates = new(() =>
        StdGatesGates.Value.Where(g => BraketStandardNames.Contains(g.Name, StringComparer.Ordinal))
            .Concat(Load("braket.inc", 3))
            .ToFrozenDictionary(g => g.Name, StringComparer.Ordinal));

    /// <summary>A gate of Amazon Braket's built-in set, which Braket programs call without an include.</summary>
    public static bool TryGetBraket(string name, out GateDefinition gate) => BraketGates.Value.TryGetValue(name, out gate!);

    public static bool TryGet(string name, out IReadOnlyList<GateDefinition> gates)
    {
        gates = name switch
        {
            Qelib1 => Qelib1Gates.Value,
            StdGates => StdGatesGates.Value,
            IonQ => IonQGates.Value,
            _ => [],
        };
        return gates.Count > 0;
    }

    public static string ReadText(string name)
    {
        using var stream = typeof(LibraryIncludes).Assembly.GetManifestResourceStream("Qxm.Circuits.Parsing.Libraries." + name)
            ?? throw new QxmException($"embedded include '{name}' is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyList<GateDefinition> Load(string name, int version)
    {
        var builder = new CircuitBuilder(name, ExpansionLimits.Default, isLibrary: true);
        builder.SetVersion(version);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        new Lowering(builder, version, null, names, null).LowerAll(SyntaxParser.OpenInclude(ReadText(name), name, version, names), 0);
        if (builder.Diagnostics.Count > 0)
        {
            throw new QxmException($"embedded include is invalid: {builder.Diagnostics[0]}");
        }

        return [.. builder.DefinedGates];
    }
}
