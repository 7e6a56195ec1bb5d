using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

internal sealed class QubitCountRule : IValidationRule
{
    public string Id => ValidationRules.TooManyQubits;

    public IEnumerable<Diagnostic> Check(ValidationContext context)
    {
        var circuit = context.Circuit;
        if (circuit.QubitCount <= context.Target.Qubits)
        {
            yield break;
        }

        // Point at the register that crosses the limit: that is the declaration to shrink.
        var register = circuit.QuantumRegisters.FirstOrDefault(r => r.Offset + r.Size > context.Target.Qubits);
        var first = circuit.QuantumRegisters.IsEmpty ? null : circuit.QuantumRegisters[0];
        yield return new Diagnostic(
            Id,
            $"the circuit uses {circuit.QubitCount} qubits but backend '{context.Backend}' has {context.Target.Qubits}"
                + $"{(register is null || register == first ? "" : $" (register '{register.Name}' crosses the limit)")}; "
                + $"declare at most {context.Target.Qubits} qubits or choose a larger backend (qxm backends --for FILE)",
            context.File);
    }
}
