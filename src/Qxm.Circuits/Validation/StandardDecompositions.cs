namespace Qxm.Circuits.Validation;

/// <summary>The textbook rewritings a non-native-gate error suggests. qxm does not transpile (docs/devices.md says how
/// to with a compiler); it names the rewriting that would apply. Tests check each equals its gate's matrix.</summary>
public static class StandardDecompositions
{
    public static readonly IReadOnlyList<Decomposition> All =
    [
        new("h", ["rz", "sx"], "rz(pi/2) a; sx a; rz(pi/2) a;"),
        new("h", ["gpi", "gpi2"], "gpi2(0.25) a; gpi(0) a;"),
        new("x", ["gpi"], "gpi(0) a;"),
        new("x", ["sx"], "sx a; sx a;"),
        new("y", ["gpi"], "gpi(0.25) a;"),
        new("y", ["rz", "x"], "x a; rz(pi) a;"),
        new("z", ["rz"], "rz(pi) a;"),
        new("s", ["rz"], "rz(pi/2) a;"),
        new("sdg", ["rz"], "rz(-pi/2) a;"),
        new("t", ["rz"], "rz(pi/4) a;"),
        new("tdg", ["rz"], "rz(-pi/4) a;"),
        new("sx", ["gpi2"], "gpi2(0) a;"),
        new("sxdg", ["gpi2"], "gpi2(0.5) a;"),
        new("cx", ["cz", "rz", "sx"], "rz(pi/2) b; sx b; rz(pi/2) b; cz a, b; rz(pi/2) b; sx b; rz(pi/2) b;"),
        new("cx", ["ms", "gpi2"], "gpi2(0.75) a; ms(0, 0) a, b; gpi2(0.5) a; gpi2(0) b; gpi2(0.25) a;"),
        new("cz", ["cx", "rz", "sx"], "rz(pi/2) b; sx b; rz(pi/2) b; cx a, b; rz(pi/2) b; sx b; rz(pi/2) b;"),
        new("swap", ["cx"], "cx a, b; cx b, a; cx a, b;"),
    ];

    /// <summary>The first rewriting of <paramref name="gate"/> that uses only native gates, if any.</summary>
    public static Decomposition? For(string gate, Func<string, bool> isNative)
    {
        ArgumentNullException.ThrowIfNull(isNative);
        return All.FirstOrDefault(d => string.Equals(d.Gate, gate, StringComparison.Ordinal) && d.Uses.All(isNative));
    }
}
