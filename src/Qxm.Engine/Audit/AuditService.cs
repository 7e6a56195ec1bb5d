using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Audit;

public sealed class AuditService(IAuditLog log, AuditVerifier verifier) : IAuditService
{
    public Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return log.ListAsync(query with { Limit = Math.Clamp(query.Limit, 1, 10_000) }, cancellationToken);
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => verifier.VerifyAsync(cancellationToken);
}
