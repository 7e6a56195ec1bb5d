using System.Numerics;
using Qxm.Circuits.Ir;

namespace Qxm.Backends.Contract;

/// <summary>A backend that can give the exact final state of a circuit (the ideal simulator): where a run asks for exact
/// expectation values, they are computed from it rather than estimated from counts.</summary>
public interface IExactStates
{
    /// <summary>The amplitudes after every gate of <paramref name="circuit"/> (final measurements ignored); index bit q is qubit q.</summary>
    Complex[] FinalState(Circuit circuit);
}
