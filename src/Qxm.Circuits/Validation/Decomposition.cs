namespace Qxm.Circuits.Validation;

/// <summary>A standard rewriting of <paramref name="Gate"/> into other gates, equal up to a global phase.</summary>
/// <param name="Uses">The gates the rewriting needs natively.</param>
/// <param name="Body">OpenQASM statements over the operands <c>a</c> (and <c>b</c>), in circuit order.</param>
public sealed record Decomposition(string Gate, IReadOnlyList<string> Uses, string Body)
{
    /// <summary>How a call reads: <c>h a;</c> or <c>cx a, b;</c>.</summary>
    public string Call => Body.Contains(" b", StringComparison.Ordinal) || Body.Contains(",b", StringComparison.Ordinal)
        ? $"{Gate} a, b;"
        : $"{Gate} a;";
}
