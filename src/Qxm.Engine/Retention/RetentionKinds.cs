namespace Qxm.Engine.Retention;

/// <summary>The kinds of a <see cref="RetentionLine"/>, as scripts read them.</summary>
public static class RetentionKinds
{
    /// <summary>Results and raw answers moved to the archive store; the runs are Archived.</summary>
    public const string ResultsArchived = "results-archived";

    /// <summary>Raw backend answers deleted under an <c>afterResults: delete</c> policy; the runs are Archived.</summary>
    public const string RawAnswersDeleted = "raw-answers-deleted";

    /// <summary>Runs due for the archive, kept where they are because no archive store is configured.</summary>
    public const string ResultsHeld = "results-held";

    /// <summary>Rejected runs deleted from the store.</summary>
    public const string RejectedCollected = "rejected-collected";

    /// <summary>Artifacts refused submissions left behind, referenced by nothing.</summary>
    public const string OrphansDeleted = "orphans-deleted";
}
