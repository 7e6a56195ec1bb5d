using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Submission;

/// <summary>An experiment checked against its backend (named or chosen): ready to store when <see cref="Prepared"/> is set;
/// with a <see cref="Parsed"/> circuit but errors, it is kept as a Rejected run.</summary>
internal sealed record CheckedExperiment(
    Tenant? Tenant,
    IBackend? Backend,
    ExperimentSpec Spec,
    PreparedExperiment? Prepared,
    IReadOnlyList<Diagnostic> Diagnostics,
    Circuit? Parsed = null);
