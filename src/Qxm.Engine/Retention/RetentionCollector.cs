using System.Globalization;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Retention;

/// <summary>One pass of the tenants' retention policies over the store (docs/provenance.md, retention): finished runs past
/// <see cref="RetentionPolicy.KeepResultsFor"/> have their result and raw answers moved to the archive (or their raw
/// answers deleted) and become Archived; Rejected runs past <see cref="RetentionPolicy.KeepRejectedFor"/> are deleted;
/// orphaned artifacts go as <see cref="ArtifactRetention"/> decides. Time is the engine's clock, so a test runs it in
/// virtual time. Each tenant's pass is recorded in the audit chain as <c>retention.collected</c>; the runs' own
/// transitions to Archived are recorded as every transition is.</summary>
/// <remarks>Artifacts move before the run's transition, and a move deletes the primary copy only once the archive holds
/// the same bytes, so a pass cut short anywhere leaves every artifact readable and the next pass finishes the run. A
/// result artifact shared with another run (a cache answer) stays readable to it through the archive.</remarks>
public sealed class RetentionCollector(
    TenantCatalog tenants, RetentionStores stores, ArtifactRetention orphans, TimeProvider time) : IRetentionService
{
    public const string Actor = "retention";

    private const int Page = 500;

    /// <summary>At most this many runs of one tenant and kind per pass, so a pass ends; the next pass goes on.</summary>
    private const int MaxRunsPerPass = 20_000;

    public async Task<RetentionReport> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lines = new List<RetentionLine>();
        foreach (var tenant in tenants.All.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var tenantLines = new List<RetentionLine>();
            if (tenant.Retention.KeepResultsFor is { } keep)
            {
                tenantLines.AddRange(await ExpireResultsAsync(tenant, now - keep, keep, dryRun, cancellationToken));
            }

            if (tenant.Retention.KeepRejectedFor is { } keepRejected)
            {
                tenantLines.AddRange(await CollectRejectedAsync(tenant, now - keepRejected, dryRun, cancellationToken));
            }

            lines.AddRange(tenantLines);
            if (!dryRun && tenantLines.Any(l => l.Kind != RetentionKinds.ResultsHeld))
            {
                await stores.Audit.AppendAsync(new AuditEntry(Actor, null, tenant.Id, "retention.collected", "tenant", tenant.Id,
                    Detail: Summary(tenantLines)), cancellationToken);
            }
        }

        var (count, bytes) = await orphans.CollectAsync(dryRun, cancellationToken);
        if (count > 0)
        {
            var line = new RetentionLine(RetentionKinds.OrphansDeleted, null, 0, count, bytes);
            lines.Add(line);
            if (!dryRun)
            {
                await stores.Audit.AppendAsync(new AuditEntry(Actor, null, null, "retention.collected", "artifacts", "orphans",
                    Detail: Summary([line])), cancellationToken);
            }
        }

        return new RetentionReport(now, dryRun, lines);
    }

    private async Task<IEnumerable<RetentionLine>> ExpireResultsAsync(
        Tenant tenant, DateTimeOffset finishedBefore, TimeSpan kept, bool dryRun, CancellationToken cancellationToken)
    {
        var archive = tenant.Retention.Expiry == RetentionExpiry.Archive;
        var kind = archive ? stores.Archive is null ? RetentionKinds.ResultsHeld : RetentionKinds.ResultsArchived : RetentionKinds.RawAnswersDeleted;
        var (runs, artifacts, bytes) = (0, 0, 0L);
        Run? after = null;
        while (runs < MaxRunsPerPass)
        {
            var page = await stores.Retention.ListFinishedAsync(tenant.Id, finishedBefore, after, Page, cancellationToken);
            foreach (var run in page)
            {
                var hashes = await ArtifactsOfAsync(run, withResult: archive, cancellationToken);
                runs++;
                foreach (var hash in hashes)
                {
                    var act = !dryRun && kind != RetentionKinds.ResultsHeld;
                    if ((await stores.Primary.SizeAsync(hash, cancellationToken) ?? await SpooledSizeAsync(hash, writeOut: act, cancellationToken)) is not { } size)
                    {
                        continue;
                    }

                    if (!act
                        || (archive ? await MoveToArchiveAsync(hash, cancellationToken) : await DeleteAsync(hash, cancellationToken)))
                    {
                        (artifacts, bytes) = (artifacts + 1, bytes + size);
                    }
                }

                if (!dryRun && kind != RetentionKinds.ResultsHeld)
                {
                    var days = kept.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
                    await stores.Runs.TransitionAsync(run.Id, run.State, RunState.Archived, Actor,
                        archive ? $"raw results moved to the archive after {days} days" : $"raw answers deleted after {days} days", cancellationToken);
                }
            }

            if (page.Count < Page)
            {
                break;
            }

            after = page[^1];
        }

        return runs == 0 ? [] : [new RetentionLine(kind, tenant.Id, runs, artifacts, bytes)];
    }

    /// <summary>The run's result (when it moves too) and every raw backend answer kept for it: at each execution and with
    /// any unusable answer. Circuit sources and calibration snapshots are shared between runs and stay.</summary>
    private async Task<IReadOnlyList<string>> ArtifactsOfAsync(Run run, bool withResult, CancellationToken cancellationToken)
    {
        var hashes = new List<string>();
        if (withResult && await stores.Results.GetAsync(run.Id, cancellationToken) is { } result)
        {
            hashes.Add(result.ArtifactHash);
        }

        if (stores.Provenance is not null)
        {
            hashes.AddRange((await stores.Provenance.ListExecutionsAsync(run.Id, cancellationToken)).Select(e => e.RawAnswer).OfType<string>());
        }

        hashes.AddRange((await stores.Jobs.ListAttemptsAsync(run.Id, cancellationToken)).Select(a => a.Artifact).OfType<string>());
        return [.. hashes.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The size of a result's document still in the spool (decision 0043), null when none is; with
    /// <paramref name="writeOut"/>, written to the primary store and forgotten in the spool first, so the run's move
    /// takes it like any other artifact and the spooler's sweep finds nothing to write back after the run is archived.</summary>
    private async Task<long?> SpooledSizeAsync(string hash, bool writeOut, CancellationToken cancellationToken)
    {
        if (stores.Spool is not { } spool || await spool.GetSpooledAsync(hash, cancellationToken) is not { } document)
        {
            return null;
        }

        if (writeOut)
        {
            if (!string.Equals(await stores.Primary.PutAsync(document, cancellationToken), hash, StringComparison.Ordinal))
            {
                throw new QxmException($"spooled artifact {hash}: its bytes hash to another name; the spool's copy was changed behind qxm's back");
            }

            await spool.UnspoolAsync([hash], cancellationToken);
        }

        return document.LongLength;
    }

    /// <summary>Copies the artifact to the archive, checks the archive holds it, then deletes the primary copy; true when
    /// the primary copy is gone.</summary>
    private async Task<bool> MoveToArchiveAsync(string hash, CancellationToken cancellationToken)
    {
        var archive = stores.Archive!;
        if (await stores.Primary.GetAsync(hash, cancellationToken) is not { } bytes)
        {
            return false;
        }

        if (await archive.PutAsync(bytes, cancellationToken) != hash)
        {
            throw new QxmException($"artifact {hash}: its bytes hash to another name; the primary store's copy was changed behind qxm's back");
        }

        // DateTimeOffset.MaxValue: however recently it was put again, the archive holds the same bytes, and reads find them there.
        return await stores.Primary.DeleteIfOrphanedAsync(hash, DateTimeOffset.MaxValue,
            async ct => await archive.SizeAsync(hash, ct) == bytes.Length, cancellationToken);
    }

    private Task<bool> DeleteAsync(string hash, CancellationToken cancellationToken) =>
        stores.Primary.DeleteIfOrphanedAsync(hash, DateTimeOffset.MaxValue, _ => Task.FromResult(true), cancellationToken);

    private async Task<IEnumerable<RetentionLine>> CollectRejectedAsync(Tenant tenant, DateTimeOffset createdBefore, bool dryRun, CancellationToken cancellationToken)
    {
        var (runs, bytes) = (0, 0L);
        Run? after = null;
        while (runs < MaxRunsPerPass)
        {
            var page = await stores.Retention.ListRejectedAsync(tenant.Id, createdBefore, after, Page, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            bytes += page.Sum(r => (long)JsonSerializer.SerializeToUtf8Bytes(r.Diagnostics).Length);
            runs += dryRun ? page.Count : await stores.Retention.CollectRejectedAsync([.. page.Select(r => r.Id)], cancellationToken);
            if (page.Count < Page)
            {
                break;
            }

            after = page[^1];
        }

        return runs == 0 ? [] : [new RetentionLine(RetentionKinds.RejectedCollected, tenant.Id, runs, 0, bytes)];
    }

    private static string Summary(IEnumerable<RetentionLine> lines) => string.Join("; ", lines.Select(l =>
        string.Create(CultureInfo.InvariantCulture, $"{l.Kind}: {l.Runs} runs, {l.Artifacts} artifacts, {l.Bytes} bytes")));
}
