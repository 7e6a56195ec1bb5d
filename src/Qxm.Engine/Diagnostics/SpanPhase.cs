using System.Diagnostics;

namespace Qxm.Engine.Diagnostics;

/// <summary>A phase of a span recorded as a timed event on it (its start, <see cref="QxmTelemetry.Attributes.DurationSeconds"/>
/// and outcome) instead of a child span: on a hot path such as submission a child span costs about what its parent does
/// (creation, context flow, the SDK's processing), and an event keeps the phase's place and length in the trace for a
/// fraction of that (docs/decisions/0036). Without a recorded span it costs one null check.</summary>
public readonly struct SpanPhase
{
    private readonly Activity? _activity;
    private readonly DateTimeOffset _started;
    private readonly long _timestamp;

    private SpanPhase(Activity activity)
    {
        _activity = activity;
        // The wall clock, as the span's own start and end are stamped: an event must fall inside its span.
        _started = DateTimeOffset.UtcNow;
        _timestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts timing a phase of <paramref name="activity"/>; nothing is timed when it is null or not recorded.</summary>
    public static SpanPhase Start(Activity? activity) => activity is { IsAllDataRequested: true } ? new SpanPhase(activity) : default;

    /// <summary>Adds the phase to the span as the event <paramref name="name"/>, stamped with the phase's start.</summary>
    public void End(string name, string outcome)
    {
        if (_activity is null)
        {
            return;
        }

        _activity.AddEvent(new ActivityEvent(name, _started, new ActivityTagsCollection
        {
            [QxmTelemetry.Attributes.DurationSeconds] = Stopwatch.GetElapsedTime(_timestamp).TotalSeconds,
            [QxmTelemetry.Attributes.Outcome] = outcome,
        }));
    }
}
