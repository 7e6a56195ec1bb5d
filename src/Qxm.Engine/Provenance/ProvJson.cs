using System.Globalization;
using System.Text.Json.Nodes;
using Qxm.Domain.Provenance;

namespace Qxm.Engine.Provenance;

/// <summary>A run's provenance as W3C PROV-JSON: the run is an activity; the experiment version, every artifact and the
/// result are entities; the submitter, the backend and qxm itself are agents. Identifiers are URNs, so the document
/// names no host: <c>run:</c> a run, <c>sha256:</c> an artifact by content, <c>experiment:</c> a version by fingerprint.</summary>
public static class ProvJson
{
    public static JsonObject Write(RunProvenance record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var run = $"run:{record.RunId}";
        var experiment = $"experiment:{record.Fingerprint}";
        var submitter = $"qxm:principal/{record.Submitter}";
        var backend = $"qxm:backend/{record.Backend}";
        var execution = record.Executions.Count == 0 ? null : record.Executions[^1];
        var software = execution is null ? null : $"qxm:software/{execution.QxmVersion}+{execution.QxmCommit}";

        var entities = new JsonObject
        {
            [experiment] = new JsonObject
            {
                ["prov:type"] = "qxm:ExperimentVersion",
                ["prov:label"] = record.Name,
                ["qxm:fingerprint"] = record.Fingerprint,
                ["qxm:shots"] = record.Shots,
                ["qxm:sweepPoints"] = record.SweepPoints,
                ["qxm:seed"] = record.Seed?.ToString(CultureInfo.InvariantCulture),
                ["qxm:createdAt"] = Time(record.ExperimentCreatedAt),
            },
        };
        var used = new JsonObject();
        var generated = new JsonObject();
        var derived = new JsonObject();
        var attributed = new JsonObject
        {
            ["_:attributed-experiment"] = new JsonObject { ["prov:entity"] = experiment, ["prov:agent"] = submitter },
        };
        Relation(used, "used", run, experiment, "prov:activity", "prov:entity");
        foreach (var artifact in record.Artifacts)
        {
            var id = $"sha256:{artifact.Hash}";
            if (!entities.ContainsKey(id))
            {
                entities[id] = new JsonObject
                {
                    ["prov:type"] = $"qxm:{artifact.Role}",
                    ["prov:label"] = artifact.Name,
                    ["qxm:stored"] = artifact.Stored,
                };
            }

            switch (artifact.Role)
            {
                case "result":
                    Relation(generated, "generated", id, run, "prov:entity", "prov:activity", Time(record.UpdatedAt));
                    Relation(derived, "derived", id, experiment, "prov:generatedEntity", "prov:usedEntity");
                    attributed[$"_:attributed-{artifact.Hash}"] = new JsonObject { ["prov:entity"] = id, ["prov:agent"] = backend };
                    break;
                case "raw-answer":
                    Relation(generated, "generated", id, run, "prov:entity", "prov:activity");
                    break;
                case "bound-circuit":
                    Relation(used, "used", run, id, "prov:activity", "prov:entity");
                    var source = record.Artifacts.FirstOrDefault(a => a.Role == "source");
                    if (source is not null)
                    {
                        Relation(derived, "derived", id, $"sha256:{source.Hash}", "prov:generatedEntity", "prov:usedEntity");
                    }

                    break;
                default:
                    Relation(used, "used", run, id, "prov:activity", "prov:entity");
                    if (artifact.Role is "source" or "include")
                    {
                        Relation(derived, "derived", experiment, id, "prov:generatedEntity", "prov:usedEntity");
                    }

                    break;
            }
        }

        foreach (var link in record.Links)
        {
            Relation(derived, "derived", run, $"run:{link.RunId}", "prov:generatedEntity", "prov:usedEntity", type: $"qxm:{link.Relation}");
        }

        var activity = new JsonObject
        {
            ["prov:type"] = "qxm:Run",
            ["qxm:state"] = record.State.ToString(),
            ["qxm:tenant"] = record.Tenant,
            ["qxm:attempts"] = record.Attempts,
            ["qxm:queueWaitSeconds"] = record.QueueWaitSeconds,
            ["qxm:executionSeconds"] = record.ExecutionSeconds,
            ["qxm:calibration"] = record.CalibrationHash,
            ["qxm:targetVersion"] = execution?.TargetVersion,
        };
        var running = record.Transitions.LastOrDefault(t => t.To == Domain.Runs.RunState.Running);
        if (running is not null)
        {
            activity["prov:startTime"] = Time(running.At);
        }

        if (Domain.Runs.RunLifecycle.IsTerminal(record.State))
        {
            activity["prov:endTime"] = Time(record.UpdatedAt);
        }

        var agents = new JsonObject
        {
            [submitter] = new JsonObject { ["prov:type"] = "prov:Person", ["prov:label"] = record.Submitter, ["qxm:tenant"] = record.Tenant },
            [backend] = new JsonObject { ["prov:type"] = "prov:SoftwareAgent", ["prov:label"] = record.Backend, ["qxm:kind"] = execution?.BackendKind },
        };
        var associated = new JsonObject
        {
            ["_:associated-submitter"] = new JsonObject { ["prov:activity"] = run, ["prov:agent"] = submitter, ["prov:role"] = "qxm:submitter" },
            ["_:associated-backend"] = new JsonObject { ["prov:activity"] = run, ["prov:agent"] = backend, ["prov:role"] = "qxm:backend" },
        };
        if (software is not null)
        {
            agents[software] = new JsonObject
            {
                ["prov:type"] = "prov:SoftwareAgent",
                ["qxm:version"] = execution!.QxmVersion,
                ["qxm:commit"] = execution.QxmCommit,
                ["qxm:runtime"] = execution.Runtime,
                ["qxm:os"] = execution.OperatingSystem,
                ["qxm:cpu"] = execution.CpuModel,
                ["qxm:vectorWidth"] = execution.VectorWidth,
            };
            associated["_:associated-qxm"] = new JsonObject { ["prov:activity"] = run, ["prov:agent"] = software, ["prov:role"] = "qxm:executor" };
        }

        return new JsonObject
        {
            ["prefix"] = new JsonObject
            {
                ["qxm"] = "urn:qxm:",
                ["run"] = "urn:qxm:run:",
                ["experiment"] = "urn:qxm:experiment:",
                ["sha256"] = "urn:qxm:sha256:",
            },
            ["entity"] = entities,
            ["activity"] = new JsonObject { [run] = activity },
            ["agent"] = agents,
            ["used"] = used,
            ["wasGeneratedBy"] = generated,
            ["wasAssociatedWith"] = associated,
            ["wasAttributedTo"] = attributed,
            ["wasDerivedFrom"] = derived,
        };
    }

    private static void Relation(
        JsonObject relations, string prefix, string first, string second, string firstName, string secondName, string? time = null, string? type = null)
    {
        var relation = new JsonObject { [firstName] = first, [secondName] = second };
        if (time is not null)
        {
            relation["prov:time"] = time;
        }

        if (type is not null)
        {
            relation["prov:type"] = type;
        }

        relations[$"_:{prefix}{relations.Count.ToString(CultureInfo.InvariantCulture)}"] = relation;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
