using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Backends;

/// <summary>The behaviour every backend must have, simulators and remote devices alike. Each backend's test class
/// derives from this and makes the backend on a fake clock; <see cref="BackendContractCoverageTests"/> checks that
/// every built-in backend has one.</summary>
public abstract class BackendContract
{
    private const int Shots = 200;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    protected abstract IBackend Create(TimeProvider time);

    [SkippableFact]
    public void Describe_GivesAnIdAndATargetWithItsOwnLimits()
    {
        var info = Create(Clock).Info;

        Assert.False(string.IsNullOrWhiteSpace(info.Id));
        Assert.InRange(info.Target.Qubits, 1, 1000);
        Assert.True(info.Target.MaxShots >= Shots);
        Assert.True(info.Target.MaxCircuits >= 1);
    }

    [SkippableFact]
    public async Task Submit_ThenResult_OneCountTablePerCircuitAsWideAsItsBitsSummingToTheShots()
    {
        var backend = Create(Clock);

        var jobId = await backend.SubmitAsync(Job(backend, circuits: 2), Key(), default);
        var result = await ResultAsync(backend, jobId);

        Assert.Equal(2, result.Counts.Count);
        foreach (var counts in result.Counts)
        {
            Assert.Equal(Shots, counts.Values.Sum());
            Assert.All(counts.Keys, bits => Assert.Equal(2, bits.Length));
            Assert.Equal("01", counts.MaxBy(c => c.Value).Key);
        }
    }

    [SkippableFact]
    public async Task FindJob_ByTheSubmittedKey_GivesTheJob_AndAnUnknownKeyNone()
    {
        var backend = Create(Clock);
        var key = Key();

        var jobId = await backend.SubmitAsync(Job(backend), key, default);

        Assert.Equal(jobId, await backend.FindJobAsync(key, default));
        Assert.Null(await backend.FindJobAsync(Key(), default));
        await ResultAsync(backend, jobId);
    }

    [SkippableFact]
    public async Task Status_OfASubmittedJob_ReachesCompleted()
    {
        var backend = Create(Clock);
        var jobId = await backend.SubmitAsync(Job(backend), Key(), default);

        var state = await CompletedAsync(backend, jobId);

        Assert.Equal(BackendJobStatus.Completed, state.Status);
        Assert.True(state.IsFinished);
    }

    [SkippableFact]
    public async Task Status_OfAnUnknownJob_IsAClassifiedError()
    {
        var backend = Create(Clock);

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.GetStatusAsync("no-such-job", default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
    }

    [SkippableFact]
    public async Task Submit_MoreQubitsThanTheTarget_FailsAsInvalidInput_AtSubmitOrResult()
    {
        var backend = Create(Clock);
        var wide = Parse($"OPENQASM 3.0;\nqubit[{backend.Info.Target.Qubits + 40}] q;\nbit[1] c;\nc[0] = measure q[{backend.Info.Target.Qubits + 39}];\n");

        var error = await Assert.ThrowsAsync<BackendException>(async () =>
        {
            var jobId = await backend.SubmitAsync(new BackendJob("contract", [wide], Shots, 1), Key(), default);
            await ResultAsync(backend, jobId);
        });

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
    }

    [SkippableFact]
    public async Task Cancel_AFinishedJob_LeavesItsResult()
    {
        var backend = Create(Clock);
        var jobId = await backend.SubmitAsync(Job(backend), Key(), default);
        await CompletedAsync(backend, jobId);

        await backend.CancelAsync(jobId, default);

        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(jobId, default)).Status);
    }

    [SkippableFact]
    public async Task Calibration_WhenReported_CoversEveryQubitOfTheTarget()
    {
        var backend = Create(Clock);
        if (backend is not ICalibrationSource source)
        {
            return;
        }

        var snapshot = await source.GetCalibrationAsync(default);

        Assert.Equal(backend.Info.Target.Qubits, snapshot.Qubits.Count);
        Assert.Equal(backend.Info.Id, snapshot.Backend);
    }

    [SkippableFact]
    public void RemoteBackends_DeclareARateLimit()
    {
        var info = Create(Clock).Info;

        if (info.Execution == BackendExecution.Remote)
        {
            Assert.NotNull(info.RateLimit);
            Assert.True(info.RateLimit.Requests > 0 && info.RateLimit.PerSeconds > 0);
        }
    }

    private static string Key() => "contract-" + Guid.NewGuid().ToString("N");

    /// <summary>Waits for the job on the fake clock (remote queues) and the real one (simulators computing).</summary>
    private async Task<BackendJobState> CompletedAsync(IBackend backend, string jobId)
    {
        BackendJobState? state = null;
        await EngineFixture.WaitUntilAsync(async () =>
        {
            state = await backend.GetStatusAsync(jobId, default);
            if (!state.IsFinished)
            {
                Clock.Advance(state.EstimatedReadyAt is { } at && at > Clock.GetUtcNow() ? at - Clock.GetUtcNow() : TimeSpan.FromSeconds(1));
            }

            return state.IsFinished;
        }, $"job {jobId} finished");
        return state!;
    }

    private async Task<BackendJobResult> ResultAsync(IBackend backend, string jobId)
    {
        await CompletedAsync(backend, jobId);
        return await backend.GetResultAsync(jobId, default);
    }

    /// <summary>Flips qubit 0 with a gate the backend runs natively and measures two qubits: mostly "01".</summary>
    private static BackendJob Job(IBackend backend, int circuits = 1)
    {
        var flip = backend.Info.Target.IsNative("x") ? "x q[0];" : "gpi(0) q[0];";
        var circuit = Parse($"OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\nqubit[2] q;\nbit[2] c;\n{flip}\nc = measure q;\n");
        return new BackendJob("contract", [.. Enumerable.Repeat(circuit, circuits)], Shots, 7);
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "contract.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
