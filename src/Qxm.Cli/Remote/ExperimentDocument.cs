using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Qxm.Domain.Experiments;
using Qxm.Domain.Observables;
using Qxm.Engine.Experiments;
using Qxm.Engine.Observables;

namespace Qxm.Cli.Remote;

/// <summary>Writes an experiment back as a format-v1 JSON document with the circuit inline: what the server accepts,
/// since it cannot read the client's files. Everything the server acts on is written, observables and mitigation
/// included, and a loop's optimize section; hooks run on the client, so they are not sent, except the post hook of a
/// loop whose objective it is, which the server runs when its operator allows that hook.</summary>
internal static class ExperimentDocument
{
    public static JsonObject ToJson(ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var document = new JsonObject
        {
            ["version"] = 1,
            ["name"] = experiment.Name,
            ["circuit"] = new JsonObject { ["source"] = experiment.CircuitSource },
        };
        if (experiment.Parameters.Count > 0)
        {
            var parameters = new JsonObject();
            foreach (var axis in experiment.Parameters)
            {
                parameters[axis.Name] = axis.Values.Count == 1
                    ? JsonValue.Create(axis.Values[0])
                    : new JsonArray([.. axis.Values.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }

            document["parameters"] = parameters;
            document["sweep"] = experiment.Sweep == SweepMode.Zip ? "zip" : "grid";
        }

        document["shots"] = experiment.Shots;
        if (experiment.Backend != ExperimentDefinition.AnyBackend)
        {
            document["backend"] = experiment.Backend;
        }

        if (experiment.Requirements is { } requirements)
        {
            document["requirements"] = Requirements(requirements);
        }

        if (experiment.Seed is { } seed)
        {
            document["seed"] = seed;
        }

        document["priority"] = experiment.Priority;
        if (experiment.Failover is { } failover)
        {
            document["failover"] = new JsonArray([.. failover.Select(b => (JsonNode?)JsonValue.Create(b))]);
        }

        if (experiment.Cache != CachePolicy.Never)
        {
            document["cache"] = ExperimentNames.Of(experiment.Cache);
        }

        if (experiment.OnDrift is { } onDrift)
        {
            document["onDrift"] = ExperimentNames.Of(onDrift);
        }

        if (experiment.Options is { } options)
        {
            var written = new JsonObject();
            if (options.Threads is { } threads)
            {
                written["threads"] = threads;
            }

            if (options.Precision is { } precision)
            {
                written["precision"] = precision;
            }

            document["options"] = written;
        }
        if (experiment.Tags.Count > 0)
        {
            document["tags"] = new JsonArray([.. experiment.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        }

        if (experiment.Observables.Count > 0)
        {
            var observables = new JsonObject();
            foreach (var observable in experiment.Observables)
            {
                observables[observable.Name] = Observable(observable);
            }

            document["observables"] = observables;
            document["expectation"] = experiment.Expectation == ExpectationMode.Exact ? "exact" : "shots";
            if (Mitigation(experiment) is { } mitigation)
            {
                document["mitigation"] = mitigation;
            }
        }

        if (experiment.Optimize is { } optimize)
        {
            document["kind"] = "optimize";
            document["optimize"] = Optimize(optimize);
            // The one hook a server may run (when its operator allows it): a loop's objective.
            if (optimize.HasPostHookObjective() && experiment.Hooks?.Post is { } post)
            {
                document["hooks"] = new JsonObject { ["post"] = Hook(post) };
            }
        }

        return document;
    }

    private static JsonObject Hook(Hook hook)
    {
        var json = hook.Command is { } command
            ? new JsonObject { ["command"] = new JsonArray([.. command.Select(a => (JsonNode?)JsonValue.Create(a))]) }
            : new JsonObject { ["url"] = hook.Url };
        json["timeoutSeconds"] = hook.TimeoutSeconds;
        return json;
    }

    private static JsonObject Optimize(Domain.Loops.OptimizeSettings optimize)
    {
        var initial = new JsonObject();
        foreach (var (name, value) in optimize.Initial)
        {
            initial[name] = value;
        }

        var json = new JsonObject
        {
            ["objective"] = optimize.Objective,
            ["initial"] = initial,
            ["method"] = ExperimentNames.Of(optimize.Method),
            ["maximize"] = optimize.Maximize,
            ["step"] = optimize.Step,
            ["maxIterations"] = optimize.MaxIterations,
            ["tolerance"] = optimize.Tolerance,
            ["seed"] = optimize.Seed,
        };
        if (optimize.MaxShots is { } shots)
        {
            json["maxShots"] = shots;
        }

        if (optimize.MaxSeconds is { } seconds)
        {
            json["maxSeconds"] = seconds;
        }

        if (optimize.MaxCost is { } cost)
        {
            json["maxCost"] = cost;
        }

        return json;
    }

    /// <summary>A letter map where the file wrote one (its width is checked against the circuit's), else the expression
    /// form, with each weight written so that it reads back as the same double.</summary>
    private static JsonNode Observable(Observable observable)
    {
        if (observable.Width is { } width)
        {
            var map = new JsonObject();
            foreach (var term in observable.Terms)
            {
                var letters = Enumerable.Repeat('I', width).ToArray();
                foreach (var factor in PauliLabel.Parse(term.Pauli))
                {
                    letters[width - 1 - factor.Qubit] = factor.Pauli;
                }

                map[new string(letters)] = term.Coefficient;
            }

            return map;
        }

        var text = new StringBuilder();
        foreach (var term in observable.Terms)
        {
            text.Append(term.Coefficient < 0 ? "- " : text.Length == 0 ? "" : "+ ").Append(Math.Abs(term.Coefficient).ToString("R", CultureInfo.InvariantCulture));
            foreach (var factor in PauliLabel.Parse(term.Pauli))
            {
                text.Append('*').Append(factor.Pauli).Append(factor.Qubit.ToString(CultureInfo.InvariantCulture));
            }

            text.Append(' ');
        }

        return text.Length == 0 ? "0" : text.ToString().TrimEnd();
    }

    private static JsonNode? Mitigation(ExperimentDefinition experiment) => experiment.Mitigation switch
    {
        MitigationMethod.Readout => ExperimentNames.Of(MitigationMethod.Readout),
        MitigationMethod.Zne => new JsonObject
        {
            ["method"] = "zne",
            ["scaleFactors"] = new JsonArray([.. (experiment.Zne ?? ZneSettings.Default).ScaleFactors.Select(f => (JsonNode?)JsonValue.Create(f))]),
            ["fit"] = ExperimentNames.Of((experiment.Zne ?? ZneSettings.Default).Fit),
        },
        _ => null,
    };

    private static JsonObject Requirements(BackendRequirements requirements)
    {
        var json = new JsonObject();
        if (requirements.MinQubits is { } min)
        {
            json["minQubits"] = min;
        }

        if (requirements.NativeGates is { } gates)
        {
            json["nativeGates"] = new JsonArray([.. gates.Select(g => (JsonNode?)JsonValue.Create(g))]);
        }

        json["connectivity"] = ExperimentNames.Of(requirements.Connectivity);
        if (requirements.MaxCostPerShot is { } cost)
        {
            json["maxCostPerShot"] = cost;
        }

        return json;
    }
}
