namespace Qxm.Engine.Experiments;

/// <summary>The syntax an experiment document is written in; both carry the same v1 format.</summary>
public enum ExperimentFormat
{
    Yaml,
    Json,
}
