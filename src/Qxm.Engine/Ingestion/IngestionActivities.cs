using System.Diagnostics;

namespace Qxm.Engine.Ingestion;

/// <summary>Storing a result as an activity, so a whole-process profile (`qxm run --timings`) can tell it apart from
/// the simulation before it.</summary>
public static class IngestionActivities
{
    /// <summary>The source name listeners subscribe to.</summary>
    public const string SourceName = "qxm.engine.ingestion";

    /// <summary>Checking a result, writing its artifact and recording it.</summary>
    public const string Store = "store-result";

    internal static readonly ActivitySource Source = new(SourceName);
}
