using System.Data.Common;
using System.Text.RegularExpressions;
using Qxm.Domain.Audit;
using Qxm.Engine;
using Qxm.Engine.Audit;
using Qxm.Server.Composition;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

/// <summary>Someone with write access to the database changes the audit trail; <c>qxm audit verify</c> must exit 7 and
/// name the exact position where the chain breaks. The chain: ten events, signed checkpoints at 5 and 10.</summary>
public abstract partial class AuditTamperTests : IAsyncLifetime
{
    private const int Events = 10;

    protected string HomePath { get; } = Directory.CreateTempSubdirectory("qxm-test-").FullName;

    /// <summary>The PostgreSQL connection string, or null for the data directory's SQLite database.</summary>
    protected abstract string? Store { get; }

    /// <summary>A connection to the database with the append-only triggers already dropped, as an attacker would.</summary>
    protected abstract Task<DbConnection> OpenAsAttackerAsync();

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        Directory.Delete(HomePath, recursive: true);
        return Task.CompletedTask;
    }

    private static readonly (string Field, string Assignment, AuditBreak Problem)[] FieldEdits =
    [
        ("actor", "actor = 'someone-else'", AuditBreak.Altered),
        ("principal", "principal = NULL", AuditBreak.Altered),
        ("tenant", "tenant = 'other'", AuditBreak.Altered),
        ("action", "action = 'run.succeeded'", AuditBreak.Altered),
        ("object type", "object_type = 'key'", AuditBreak.Altered),
        ("object id", "object_id = 'res-other'", AuditBreak.Altered),
        ("outcome", "outcome = 'Denied'", AuditBreak.Altered),
        ("detail", "detail = 'nothing happened'", AuditBreak.Altered),
        ("time", "at = at + 1", AuditBreak.Altered),
        ("hash", $"hash = '{new string('1', 64)}'", AuditBreak.Altered),
        ("previous hash", $"prev_hash = '{new string('1', 64)}'", AuditBreak.Unlinked),
    ];

    [SkippableFact]
    public async Task EditAnyField_IsReportedAtThatPosition()
    {
        var original = (await ReadChainAsync()).Single(e => e.Position == 4);
        foreach (var (field, assignment, problem) in FieldEdits)
        {
            await TamperAsync($"UPDATE audit_events SET {assignment} WHERE position = 4");

            await AssertBrokenAsync(4, problem, field);

            // Put the event back as it was: the chain is intact again, so the next edit is judged alone.
            await TamperAsync("DELETE FROM audit_events WHERE position = 4");
            await InsertAsync(original);
            var restored = await VerifyAsync();
            Assert.True(restored.ExitCode == 0, $"after restoring {field}: {restored}");
        }
    }

    [SkippableFact]
    public async Task DeleteAnEvent_IsReportedAtTheMissingPosition()
    {
        await TamperAsync("DELETE FROM audit_events WHERE position = 4");

        await AssertBrokenAsync(4, AuditBreak.Missing);
    }

    [SkippableFact]
    public async Task ReorderTwoEvents_IsReportedAtTheEarlierPosition()
    {
        await TamperAsync(
            "UPDATE audit_events SET position = -3 WHERE position = 3",
            "UPDATE audit_events SET position = 3 WHERE position = 6",
            "UPDATE audit_events SET position = 6 WHERE position = -3");

        await AssertBrokenAsync(3, AuditBreak.Unlinked);
    }

    [SkippableFact]
    public async Task InsertAnEventWithoutItsHash_IsReportedAtTheInsertedPosition()
    {
        await ShiftUpFromAsync(5);
        await TamperAsync(
            "INSERT INTO audit_events (position, at, actor, principal, tenant, action, object_type, object_id, outcome, detail, prev_hash, hash) " +
            $"SELECT 5, at, 'api', NULL, tenant, 'reservation.cancelled', object_type, object_id, outcome, NULL, hash, '{new string('2', 64)}' FROM audit_events WHERE position = 4");

        await AssertBrokenAsync(5, AuditBreak.Altered);
    }

    [SkippableFact]
    public async Task InsertAWellFormedEvent_IsReportedWhereTheChainNoLongerLinks()
    {
        // The forger computes the inserted event's hash correctly; the event after it still links to the one it followed.
        await InsertForgedAtAsync(7);

        await AssertBrokenAsync(8, AuditBreak.Unlinked);
    }

    [SkippableFact]
    public async Task InsertAWellFormedEventAtACheckpoint_IsReportedAtTheInsertedPosition()
    {
        await InsertForgedAtAsync(5);

        await AssertBrokenAsync(5, AuditBreak.Rewritten);
    }

    [SkippableFact]
    public async Task TruncateTheTail_IsReportedAtTheFirstDeletedPosition()
    {
        await TamperAsync("DELETE FROM audit_events WHERE position > 7");

        await AssertBrokenAsync(8, AuditBreak.Truncated);
    }

    [SkippableFact]
    public async Task RewriteWithRecomputedHashes_IsReportedAtTheFirstSignedCheckpointAfterIt()
    {
        // Every hash from the edit on is recomputed, so the chain links again: only the signed checkpoint at 5 knows better.
        var chain = await ReadChainAsync();
        var previous = chain[2].Hash;
        await TamperAsync("DELETE FROM audit_events WHERE position >= 4");
        foreach (var stored in chain.Skip(3))
        {
            var entry = stored.Position == 4 ? stored.Entry with { Detail = "nothing happened" } : stored.Entry;
            var rewritten = AuditChain.Link(stored.Position, stored.At, entry, previous);
            await InsertAsync(rewritten);
            previous = rewritten.Hash;
        }

        await AssertBrokenAsync(5, AuditBreak.Rewritten);
    }

    [SkippableFact]
    public async Task ForgedCheckpoint_IsReportedAtItsPosition()
    {
        _ = Store; // the getter skips this test where its store is unavailable
        var log = Path.Combine(HomePath, AuditOptions.CheckpointFileName);
        var line = File.ReadLines(log).Last();
        await File.AppendAllTextAsync(log, line.Replace("\"position\":10", "\"position\":12", StringComparison.Ordinal) + "\n");

        await AssertBrokenAsync(12, AuditBreak.BadCheckpoint);
    }

    [SkippableFact]
    public async Task Untouched_VerifiesIntactInOneLine()
    {
        var outcome = await VerifyAsync();

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal($"audit chain intact: {Events} events, head {Events}", outcome.Stdout.Trim()[..(outcome.Stdout.IndexOf(" (", StringComparison.Ordinal))]);
        Assert.Contains("2 signed checkpoints, checkpointed to 10", outcome.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Ten events by the real runtime, with a checkpoint after the fifth; closing the runtime signs the tenth.</summary>
    protected async Task WriteChainAsync()
    {
        await using var runtime = await QxmRuntime.OpenAsync(HomePath, new EngineOptions(), CancellationToken.None, Store);
        for (var i = 1; i <= Events; i++)
        {
            await runtime.AuditTrail.AppendAsync(
                new AuditEntry(i % 2 == 0 ? "api" : "cli", "alice", "physics", "reservation.created", "reservation", $"res-{i}", Detail: $"window {i}"),
                CancellationToken.None);
            if (i == 5)
            {
                Assert.NotNull(await runtime.Checkpointer.CheckpointAsync(CancellationToken.None));
            }
        }
    }

    private Task<CliOutcome> VerifyAsync() =>
        CliOutcome.RunAsync(["audit", "verify", "--home", HomePath, .. Store is null ? Array.Empty<string>() : ["--store", Store]]);

    private async Task AssertBrokenAsync(long position, AuditBreak problem, string? what = null)
    {
        var outcome = await VerifyAsync();

        Assert.True(outcome.ExitCode == 7, $"{what}: {outcome}");
        Assert.Equal("", outcome.Stdout);
        var line = Assert.Single(outcome.StderrLines);
        Assert.Equal(position, long.Parse(BrokenAt().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

        var json = await CliOutcome.RunAsync(["audit", "verify", "--output", "json", "--home", HomePath, .. Store is null ? Array.Empty<string>() : ["--store", Store]]);
        Assert.True(json.ExitCode == 7, json.ToString());
        var verification = System.Text.Json.JsonSerializer.Deserialize<AuditVerification>(json.Stdout, Json.ApiJson.Options)!;
        Assert.Equal((false, position, problem), (verification.Intact, verification.BrokenAt!.Value, verification.Problem!.Value));
    }

    private async Task TamperAsync(params string[] statements)
    {
        await using var connection = await OpenAsAttackerAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Makes room at <paramref name="position"/> by moving it and every later event up by one.</summary>
    private Task ShiftUpFromAsync(long position) =>
        TamperAsync(
            $"UPDATE audit_events SET position = -position - 1 WHERE position >= {position}",
            "UPDATE audit_events SET position = -position WHERE position < 0");

    private async Task InsertForgedAtAsync(long position)
    {
        var previous = (await ReadChainAsync()).Single(e => e.Position == position - 1);
        await ShiftUpFromAsync(position);
        await InsertAsync(AuditChain.Link(
            position, previous.At, new AuditEntry("api", null, "physics", "reservation.cancelled", "reservation", "res-9"), previous.Hash));
    }

    private async Task<IReadOnlyList<AuditEvent>> ReadChainAsync()
    {
        await using var runtime = await QxmRuntime.OpenAsync(HomePath, new EngineOptions(), CancellationToken.None, Store);
        return await ((Qxm.Engine.Persistence.IAuditLog)runtime.AuditTrail).ReadChainAsync(0, 100, CancellationToken.None);
    }

    private async Task InsertAsync(AuditEvent e)
    {
        await using var connection = await OpenAsAttackerAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO audit_events (position, at, actor, principal, tenant, action, object_type, object_id, outcome, detail, prev_hash, hash) " +
            "VALUES (@p, @at, @actor, @principal, @tenant, @action, @type, @id, @outcome, @detail, @prev, @hash)";
        foreach (var (name, value) in new (string, object?)[]
        {
            ("@p", e.Position), ("@at", e.At.ToUnixTimeMilliseconds()), ("@actor", e.Entry.Actor), ("@principal", e.Entry.Principal),
            ("@tenant", e.Entry.Tenant), ("@action", e.Entry.Action), ("@type", e.Entry.ObjectType), ("@id", e.Entry.ObjectId),
            ("@outcome", e.Entry.Outcome.ToString()), ("@detail", e.Entry.Detail), ("@prev", e.PreviousHash), ("@hash", e.Hash),
        })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"broken at position (-?\d+):")]
    private static partial Regex BrokenAt();
}
