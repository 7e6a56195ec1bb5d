namespace Qxm.Circuits.Ir;

/// <summary>A test on classical bits that can only be decided while a shot runs, because the bits hold
/// measurement results. Conditions on values known before the run are decided by the parser instead.</summary>
public abstract record Condition
{
    /// <summary>Decides the condition, reading clbit i through <paramref name="clbit"/>.</summary>
    public abstract bool Evaluate(Func<int, bool> clbit);

    /// <summary>Fully parenthesised text, used in fingerprints.</summary>
    public abstract string ToCanonicalString();

    /// <summary>The clbits the condition reads.</summary>
    public abstract IEnumerable<int> Clbits();
}
