using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Audit;

/// <summary>What clients ask of the audit trail: read it and verify it (the CLI embedded or over the API).</summary>
public interface IAuditService
{
    Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
