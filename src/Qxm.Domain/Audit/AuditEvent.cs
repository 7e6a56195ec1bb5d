namespace Qxm.Domain.Audit;

/// <summary>One stored link of the audit chain: the entry, where and when it was recorded, and the hashes that tie it to
/// the events before it (<see cref="Hash"/> covers <see cref="PreviousHash"/> and every other field).</summary>
/// <param name="Position">1 for the first event, then one more for each; never reused.</param>
/// <param name="PreviousHash">The hash of the event at <c>Position - 1</c> (64 zeros for the first), lowercase hex.</param>
/// <param name="Hash">SHA-256 over the previous hash and the canonical encoding of the fields, lowercase hex.</param>
public sealed record AuditEvent(long Position, DateTimeOffset At, AuditEntry Entry, string PreviousHash, string Hash);
