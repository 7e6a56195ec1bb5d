using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Loops;

/// <summary>A session as clients see it: its record, whether it holds the backend now, until when at the latest, and why it ended.</summary>
public sealed record SessionView(Session Session, bool Active, DateTimeOffset ExpiresAt, DateTimeOffset? EndedAt, string? EndReason)
{
    public static SessionView Of(Session session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session, session.IsActiveAt(now), session.ExpiresAt, session.EndedAt(now), session.EndReason(now));
    }
}
