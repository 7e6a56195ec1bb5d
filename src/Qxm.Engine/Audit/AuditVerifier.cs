using System.Globalization;
using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Audit;

/// <summary>Walks the stored chain from position 1, recomputing each hash and checking each link, then checks every
/// signed checkpoint against it. Reports the first broken position and what is wrong there.</summary>
public sealed class AuditVerifier(IAuditLog log, IAuditCheckpointLog checkpointLog, AuditCheckpointSigner signer)
{
    private const int Page = 2000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AuditCheckpoint> checkpoints;
        try
        {
            checkpoints = await checkpointLog.ReadAllAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return new AuditVerification(false, 0, 0, null, 0, 0, null, AuditBreak.BadCheckpoint, e.Message);
        }

        // A forged checkpoint is reported at its position, unless the chain breaks earlier.
        var forged = checkpoints.Where(c => !signer.IsValid(c)).OrderBy(c => c.Position).FirstOrDefault();
        var valid = checkpoints.Where(signer.IsValid).ToLookup(c => c.Position);
        var checkpointedTo = valid.Count == 0 ? 0 : valid.Max(g => g.Key);

        long events = 0;
        var expected = 1L;
        var previous = AuditChain.Genesis;
        (long Position, AuditBreak Problem, string Message)? broken = null;
        while (broken is null)
        {
            var page = await log.ReadChainAsync(expected - 1, Page, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var stored in page)
            {
                events++;
                broken = Check(stored, expected, previous, valid);
                if (broken is not null)
                {
                    break;
                }

                previous = stored.Hash;
                expected++;
            }
        }

        var head = expected - 1;
        if (broken is null && checkpointedTo > head)
        {
            var covering = valid[checkpointedTo].First();
            broken = (head + 1, AuditBreak.Truncated, Invariant(
                $"the chain ends at position {head}, but a checkpoint signed at {covering.At:O} covers position {checkpointedTo}: events {head + 1} to {checkpointedTo} were deleted"));
        }

        if (forged is not null && (broken is null || forged.Position < broken.Value.Position))
        {
            broken = (forged.Position, AuditBreak.BadCheckpoint, Invariant(
                $"the checkpoint for position {forged.Position} dated {forged.At:O} does not verify with the audit key {signer.KeyId} (signed by key {forged.KeyId}, or edited)"));
        }

        return broken is { } b
            ? new AuditVerification(false, events, head, null, checkpoints.Count, checkpointedTo, b.Position, b.Problem, b.Message)
            : new AuditVerification(true, events, head, head == 0 ? null : previous, checkpoints.Count, checkpointedTo);
    }

    private static (long, AuditBreak, string)? Check(AuditEvent stored, long expected, string previous, ILookup<long, AuditCheckpoint> checkpoints)
    {
        if (stored.Position > expected)
        {
            return (expected, AuditBreak.Missing, Invariant(
                $"position {expected} is missing: the chain goes from position {expected - 1} to {stored.Position}"));
        }

        if (stored.Position < expected)
        {
            return (stored.Position, AuditBreak.Unlinked, Invariant($"an event was inserted at position {stored.Position}, before the chain's start"));
        }

        if (stored.PreviousHash != previous)
        {
            return (expected, AuditBreak.Unlinked, Invariant(
                $"position {expected} does not link to position {expected - 1}: its previous hash is not that event's hash (an event was inserted, deleted or moved here)"));
        }

        if (!AuditChain.IsHash(stored.Hash) || AuditChain.Hash(stored.Position, stored.At, stored.Entry, stored.PreviousHash) != stored.Hash)
        {
            return (expected, AuditBreak.Altered, Invariant($"position {expected} was altered: its hash does not match its fields"));
        }

        foreach (var checkpoint in checkpoints[expected])
        {
            if (checkpoint.Hash != stored.Hash)
            {
                return (expected, AuditBreak.Rewritten, Invariant(
                    $"position {expected} differs from the checkpoint signed at {checkpoint.At:O}: the chain was rewritten at or before this position"));
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
