using Qxm.Backends.Contract;

namespace Qxm.Backends.Simulators;

internal sealed record SimulatorJob(Task<BackendJobResult> Task, CancellationTokenSource Cancellation, string IdempotencyKey);
