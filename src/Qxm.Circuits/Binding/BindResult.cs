using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Binding;

/// <summary>The bound circuit, every parameter a finite constant; null when <see cref="Diagnostics"/> has errors.</summary>
public sealed record BindResult(Circuit? Circuit, IReadOnlyList<Diagnostic> Diagnostics);
