using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <param name="Run">The stored run: the new one, or for <see cref="CreateStatus.Duplicate"/> the earlier one.</param>
public sealed record CreateOutcome(CreateStatus Status, Run? Run);
