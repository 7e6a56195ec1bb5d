using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using LoopTrace = Qxm.Client.Wire.LoopTrace;
using Qxm.Domain.Errors;
using Qxm.Domain.Security;
using Qxm.Engine.Experiments;
using Qxm.Engine.Security;
using Qxm.Server.Composition;
using Qxm.Server.Guards;
using Qxm.Server.Hosting;
using Qxm.Server.Problems;
using Qxm.Server.Security;

namespace Qxm.Server.Endpoints;

/// <summary><c>/api/v1/loops</c>: optimizer loops driven by the server beside its workers, and their convergence traces,
/// scoped to the acting tenant. Their progress is also on the event stream (kinds <c>loop.evaluation</c> and
/// <c>loop.state</c>).</summary>
internal static class LoopEndpoints
{
    public const string Prefix = "/api/v1/loops";

    public static IEndpointRouteBuilder MapLoopEndpoints(this IEndpointRouteBuilder app, RequestLimits limits)
    {
        var loops = app.MapGroup(Prefix).WithTags("loops");
        loops.MapPost("", StartAsync)
            .WithName("startLoop")
            .WithSummary("Start an optimizer loop from a kind: optimize experiment (format v1, circuit inline) as JSON or YAML: the server " +
                "drives it, one run per evaluation, and takes it up again after a restart.")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json", [.. ExperimentRequest.YamlMediaTypes])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ReadsExperiment(limits)
            .RequirePermission(Permission.Submit);
        loops.MapGet("/{id}", GetAsync)
            .WithName("getLoop")
            .WithSummary("An optimizer loop: its state, best point and every evaluation (the convergence trace), each with its run.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permission.Read);
        return app;
    }

    private static async Task<Results<Created<LoopTrace>, ProblemHttpResult>> StartAsync(
        HttpRequest request, Caller caller, QxmRuntime runtime, LoopService loops, CancellationToken cancellationToken)
    {
        var (experiment, _, problem) = await ExperimentRequest.ReadAsync(request, cancellationToken);
        if (experiment is null)
        {
            return problem!;
        }

        if (experiment.Optimize is null)
        {
            return RunProblems.Refused([new Diagnostic(ExperimentRules.Value, $"experiment '{experiment.Name}' is not kind: optimize; submit it to {RunEndpoints.Prefix}",
                ExperimentRequest.Origin, Path: "kind")]);
        }

        if (experiment.Optimize.HasPostHookObjective() && experiment.Hooks?.Post is { } hook && loops.Driver.ObjectiveHook?.Allowed.Refusal(hook) is { } refusal)
        {
            return RunProblems.Refused([new Diagnostic(ExperimentRules.Value, $"optimize.objective is hooks.post, but {refusal}", ExperimentRequest.Origin, Path: "hooks/post")]);
        }

        // Checked as its first evaluation will be, so a loop that cannot run is refused now rather than failing in the background.
        var first = experiment with
        {
            Optimize = null,
            Parameters = [.. experiment.Parameters, .. experiment.Optimize.Initial.Select(p => new Domain.Experiments.ParameterAxis(p.Key, [p.Value]))],
        };
        var validation = await runtime.Service.ValidateAsync(first, ExperimentRequest.Options(request) with { Tenant = caller.Tenant }, cancellationToken);
        if (validation.Diagnostics.Any(d => d.IsError))
        {
            return RunProblems.Refused(validation.Diagnostics);
        }

        var loop = await loops.Driver.CreateAsync(experiment, caller.Tenant, baseDirectory: null, cancellationToken);
        loops.Start(loop.Id);
        return TypedResults.Created($"{Prefix}/{loop.Id}", new LoopTrace(loop, []));
    }

    private static async Task<Results<Ok<LoopTrace>, ProblemHttpResult>> GetAsync(string id, Caller caller, QxmRuntime runtime, CancellationToken cancellationToken)
    {
        if (await runtime.Loops.GetLoopAsync(id, cancellationToken) is not { } loop || loop.Tenant != caller.Tenant)
        {
            return TypedResults.Problem(detail: $"no loop with id '{id}' in tenant '{caller.Tenant}'", statusCode: StatusCodes.Status404NotFound,
                title: "Loop not found", type: ProblemTypes.LoopNotFound);
        }

        return TypedResults.Ok(new LoopTrace(loop, await runtime.Loops.ListEvaluationsAsync(id, cancellationToken)));
    }
}
