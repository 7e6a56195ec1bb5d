using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Hooks;

/// <summary>A loop's objective computed by the experiment's post hook (<c>optimize.objective: hooks.post</c>): each
/// evaluation's counts and point go to the hook as JSON, and its answer's <c>value</c> (and <c>standardError</c>, 0 when
/// absent) is the evaluation. The input, the output and a provenance record naming both are stored as artifacts; the
/// record's hash is kept on the evaluation. A hook that fails, times out, is not allowed here or answers without a finite
/// value gives a classified failure, which fails the loop. A command starts in the experiment file's directory when the
/// loop knows it (embedded), so a hook beside the file is found by a relative path.</summary>
public sealed class ObjectiveHook(HookRunner runner, IArtifactStore artifacts, HookAllowlist allowed, TimeProvider time)
{
    public HookAllowlist Allowed => allowed;

    public async Task<ObjectiveReading> ReadAsync(LoopRecord loop, int index, Hook hook, RunResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(result);
        var where = Where(index, result.RunId);
        if (allowed.Refusal(hook) is { } refusal)
        {
            return new(0, 0, null, NotAllowed(refusal, index, result.RunId), null);
        }

        var point = result.Points[0];
        var input = new JsonObject
        {
            ["loop"] = loop.Id,
            ["index"] = index,
            ["experiment"] = loop.Experiment.Name,
            ["run"] = result.RunId,
            ["parameters"] = new JsonObject(point.Parameters.Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, p.Value))),
            ["shots"] = result.Shots,
            ["counts"] = new JsonObject(point.Counts.Select(c => KeyValuePair.Create<string, JsonNode?>(c.Key, c.Value))),
        };
        if (point.Observables is { } observables)
        {
            input["observables"] = new JsonObject(observables.Select(o => KeyValuePair.Create<string, JsonNode?>(o.Name,
                new JsonObject { ["value"] = o.Value, ["standardError"] = o.StandardError })));
        }

        var inputBytes = JsonSerializer.SerializeToUtf8Bytes(input);
        var outcome = await runner.RunAsync(hook, inputBytes, loop.BaseDirectory, cancellationToken);
        var (value, standardError, fault, error) = outcome.Output is { } output ? Read(output) : (0, 0, outcome.Fault, outcome.Error);
        var record = new JsonObject
        {
            ["phase"] = "objective",
            ["hook"] = outcome.Hook,
            ["loop"] = loop.Id,
            ["index"] = index,
            ["runId"] = result.RunId,
            ["inputSha256"] = outcome.InputSha256,
            ["inputArtifact"] = await artifacts.PutAsync(inputBytes, cancellationToken),
            ["outputSha256"] = outcome.OutputSha256,
            ["outputArtifact"] = outcome.Output is { } kept ? await artifacts.PutAsync(kept, cancellationToken) : null,
            ["seconds"] = outcome.Seconds,
            ["exitCode"] = outcome.ExitCode,
            ["value"] = error is null ? value : null,
            ["standardError"] = error is null ? standardError : null,
            ["fault"] = fault is { } f ? Kebab(f) : null,
            ["error"] = error,
            ["at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        var artifact = await artifacts.PutAsync(JsonSerializer.SerializeToUtf8Bytes(record), cancellationToken);
        return error is null
            ? new(value, standardError, artifact, null, null)
            : new(0, 0, artifact, $"objective hook {Kebab(fault ?? HookFault.BadAnswer)}: hooks.post ({outcome.Hook}) {error} ({where})", fault);
    }

    /// <summary>Why a loop fails when its objective hook may not run here, in the words every other hook failure uses.</summary>
    public static string NotAllowed(string refusal, int index, string runId) => $"objective hook not-allowed: hooks.post {refusal} ({Where(index, runId)})";

    private static string Where(int index, string runId) => $"evaluation {index}, run {runId}";

    private static (double Value, double StandardError, HookFault? Fault, string? Error) Read(ReadOnlyMemory<byte> output)
    {
        const string Expected = "expected {\"value\": number, \"standardError\": number (optional, at least 0)}";
        var answer = JsonNode.Parse(output.Span) as JsonObject;
        if (answer?["value"] is not JsonValue v || !v.TryGetValue<double>(out var value) || !double.IsFinite(value))
        {
            return (0, 0, HookFault.BadAnswer, $"answered no finite number as 'value' ({Expected})");
        }

        var standardError = 0d;
        if (answer["standardError"] is { } e
            && (e is not JsonValue ev || !ev.TryGetValue(out standardError) || !double.IsFinite(standardError) || standardError < 0))
        {
            return (0, 0, HookFault.BadAnswer, $"answered a 'standardError' that is not a finite number of at least 0 ({Expected})");
        }

        return (value, standardError, null, null);
    }

    private static string Kebab(HookFault fault) => JsonNamingPolicy.KebabCaseLower.ConvertName(fault.ToString());
}
