using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Cli.Connection;
using Qxm.Cli.Rendering;
using Qxm.Domain.Experiments;
using Qxm.Engine.Hooks;
using Qxm.Server.Json;

namespace Qxm.Cli.Input;

/// <summary>Runs an experiment's hooks where <c>qxm run</c> runs: the pre hook before submission (its answer's
/// <c>parameters</c> replace or add parameters), the post hook after the result (its answer kept as an artifact). Each
/// step's output and a provenance record are stored in the data directory's artifact store when embedded.</summary>
internal static class HookSteps
{
    /// <summary>The experiment with the pre hook's parameters, or null and the reason it failed.</summary>
    public static async Task<(ExperimentDefinition? Experiment, HookRecord? Record, string? Error)> PreAsync(
        ExperimentDefinition experiment, ServiceConnection connection, CancellationToken cancellationToken)
    {
        if (experiment.Hooks?.Pre is not { } hook)
        {
            return (experiment, null, null);
        }

        var input = new JsonObject
        {
            ["experiment"] = experiment.Name,
            ["parameters"] = new JsonObject(experiment.Parameters.Select(p => KeyValuePair.Create<string, JsonNode?>(p.Name, new JsonArray([.. p.Values.Select(v => JsonValue.Create(v))])))),
        };
        var (outcome, record) = await RunAsync("pre", hook, input, null, connection, cancellationToken);
        if (outcome.Output is not { } output)
        {
            return (null, record, $"hooks.pre ({outcome.Hook}) {outcome.Error}");
        }

        var parameters = experiment.Parameters.ToList();
        try
        {
            if (JsonNode.Parse(output.Span)?["parameters"] is JsonObject set)
            {
                foreach (var (name, value) in set)
                {
                    List<double> values = value is JsonArray list ? [.. list.Select(v => v!.GetValue<double>())] : [value!.GetValue<double>()];
                    if (values.Count == 0 || values.Any(v => !double.IsFinite(v)))
                    {
                        return (null, record, $"hooks.pre ({outcome.Hook}) gave parameter '{name}' no finite values");
                    }

                    var at = parameters.FindIndex(p => p.Name == name);
                    var axis = new ParameterAxis(name, values);
                    if (at >= 0)
                    {
                        parameters[at] = axis;
                    }
                    else
                    {
                        parameters.Add(axis);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return (null, record, $"hooks.pre ({outcome.Hook}) answered parameters qxm cannot read: {e.Message} (expected {{\"parameters\": {{\"name\": number or [numbers]}}}})");
        }

        return (experiment with { Parameters = parameters }, record, null);
    }

    public static async Task<(HookRecord Record, string? Error)> PostAsync(
        Hook hook, RunOutput finished, ServiceConnection connection, CancellationToken cancellationToken)
    {
        var input = JsonSerializer.SerializeToNode(finished, ApiJson.Options)!;
        var (outcome, record) = await RunAsync("post", hook, input, finished.Run.Id, connection, cancellationToken);
        return (record, outcome.Error is null ? null : $"hooks.post ({outcome.Hook}) {outcome.Error}");
    }

    private static async Task<(HookOutcome Outcome, HookRecord Record)> RunAsync(
        string phase, Hook hook, JsonNode input, string? runId, ServiceConnection connection, CancellationToken cancellationToken)
    {
        var outcome = await new HookRunner().RunAsync(hook, JsonSerializer.SerializeToUtf8Bytes(input), cancellationToken);
        var record = new HookRecord(phase, outcome.Hook, runId, outcome.InputSha256, outcome.OutputSha256, outcome.Seconds, outcome.ExitCode, outcome.Error, DateTimeOffset.UtcNow);
        if (connection.Artifacts is { } artifacts)
        {
            var stored = outcome.Output is { } output ? await artifacts.PutAsync(output, cancellationToken) : null;
            record = record with { OutputArtifact = stored };
            await artifacts.PutAsync(JsonSerializer.SerializeToUtf8Bytes(record, ApiJson.Options), cancellationToken);
        }

        return (outcome, record);
    }
}
