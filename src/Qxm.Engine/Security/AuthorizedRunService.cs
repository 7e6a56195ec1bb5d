using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Engine.Api;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Security;

/// <summary>One caller's view of the run service: every call and every object it reaches is checked by
/// <see cref="AccessPolicy"/>, submissions belong to the caller's acting tenant and name the caller as submitter, and another
/// tenant's run is "not found" exactly as an unknown id is. The API builds one per request, the CLI one per command.</summary>
public sealed class AuthorizedRunService(IRunService inner, Caller caller, IRunOwnership owners, IAccessAudit audit, TimeProvider time) : IRunService
{
    public Caller Caller { get; } = caller;

    public Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(Permission.Submit, "runs.submit");
        return inner.SubmitAsync(experiment, options with { Tenant = Caller.Tenant, Actor = Caller.Name }, cancellationToken);
    }

    public Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(Permission.Read, "runs.validate");
        return inner.ValidateAsync(experiment, options with { Tenant = Caller.Tenant, Actor = Caller.Name }, cancellationToken);
    }

    public Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(Permission.Read, "backends.match");
        return inner.MatchBackendsAsync(experiment, options with { Tenant = Caller.Tenant, Actor = Caller.Name }, cancellationToken);
    }

    public Task<Run?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        Require(Permission.Read, "runs.get");
        return FindAsync(runId, Permission.Read, "runs.get", cancellationToken);
    }

    public Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require(Permission.Read, "runs.list");
        return inner.ListAsync(query with { Tenant = Caller.Tenant }, cancellationToken);
    }

    public async Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken)
    {
        Require(Permission.Read, "runs.results");
        return await FindAsync(runId, Permission.Read, "runs.results", cancellationToken) is null ? null : await inner.GetResultAsync(runId, cancellationToken);
    }

    public async Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        Require(Permission.CancelOwnRun, "runs.cancel");
        var run = await FindAsync(runId, Permission.CancelOwnRun, "runs.cancel", cancellationToken);
        if (run is null)
        {
            return CancelOutcome.NotFound;
        }

        var owner = await owners.GetSubmitterAsync(runId, cancellationToken);
        if (AccessPolicy.Decide(Caller, Permission.CancelOwnRun, run.Tenant, owner) != AccessDecision.Allow)
        {
            Report(AccessEventKind.Denied, "runs.cancel", runId, "a submitter cancels only the runs it submitted");
            return CancelOutcome.Forbidden;
        }

        return await inner.CancelAsync(runId, cancellationToken);
    }

    public Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken)
    {
        Require(Permission.Read, "backends.list");
        return inner.ListBackendsAsync(cancellationToken);
    }

    private async Task<Run?> FindAsync(string runId, Permission permission, string action, CancellationToken cancellationToken)
    {
        var run = await inner.GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        if (AccessPolicy.Decide(Caller, permission, run.Tenant) == AccessDecision.Hide)
        {
            Report(AccessEventKind.Hidden, action, runId, "the run belongs to another tenant");
            return null;
        }

        return run;
    }

    private void Require(Permission permission, string action)
    {
        if (AccessPolicy.Decide(Caller, permission) != AccessDecision.Allow)
        {
            Report(AccessEventKind.Denied, action, null, $"role {Caller.Principal.Role} lacks {permission}");
            throw new AccessDeniedException($"{Caller.Name} ({Caller.Principal.Role}) may not {action}");
        }
    }

    private void Report(AccessEventKind kind, string action, string? target, string reason) =>
        audit.Record(new AccessEvent(kind, action, Caller.Name, Caller.Tenant, target, reason, time.GetUtcNow()));
}
