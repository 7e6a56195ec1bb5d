using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Qxm.Engine.Diagnostics;

/// <summary>Every instrument and activity source of qxm, declared once: one <see cref="Meter"/> and one
/// <see cref="ActivitySource"/> per component under <c>qxm.</c>. Names and units follow the OpenTelemetry conventions
/// (durations in seconds; the Prometheus exporter adds <c>_seconds</c> and <c>_total</c>); labels are bounded (backend,
/// tenant, outcome, error kind, reason), never a run id. Each instrument says who records it.</summary>
public static class QxmTelemetry
{
    /// <summary>Every component's name, which is its meter's and its activity source's name.</summary>
    public static IReadOnlyList<string> Components { get; } =
        [Submission.Name, Queues.Name, Dispatch.Name, Backends.Name, Ingest.Name, Store.Name, Calibration.Name, Security.Name, Cost.Name, Events.Name];

    /// <summary>Bucket boundaries for latencies from a millisecond to a day: an SLO threshold must be one of them.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400];

    private static readonly InstrumentAdvice<double> DurationAdvice = new() { HistogramBucketBoundaries = DurationBuckets };

    /// <summary>Submit, validate, admit.</summary>
    public static class Submission
    {
        public const string Name = "qxm.submission";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: tenant, backend, outcome (accepted, duplicate, rejected, refused), reason (the rule or limit; none).</summary>
        public static readonly Counter<long> Submissions = Meter.CreateCounter<long>(
            "qxm.submissions", "{submission}", "Submissions by outcome: accepted, duplicate, rejected (validation) or refused (quota, tenant, backend), with the reason");

        /// <summary>Tags: outcome.</summary>
        public static readonly Histogram<double> Duration = Meter.CreateHistogram(
            "qxm.submission.duration", "s", "Time to check, admit and durably store a submission", advice: DurationAdvice);
    }

    /// <summary>What waits: sampled from the store, so every instance reports the whole installation's queue.</summary>
    public static class Queues
    {
        public const string Name = "qxm.queue";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>The latest sample, replaced whole by the sampler.</summary>
        public static QueueSample Sample { get; set; } = QueueSample.Empty;

        /// <summary>Tags: backend, tenant.</summary>
        public static readonly ObservableGauge<long> Depth = Meter.CreateObservableGauge(
            "qxm.queue.depth", () => Sample.Entries.Select(e => new Measurement<long>(e.Depth, Tags(e))), "{run}", "Runs queued, per backend and tenant");

        /// <summary>Tags: backend, tenant.</summary>
        public static readonly ObservableGauge<double> OldestAge = Meter.CreateObservableGauge(
            "qxm.queue.oldest_age", () => Sample.Entries.Select(e => new Measurement<double>(e.OldestAge.TotalSeconds, Tags(e))), "s",
            "How long the oldest queued run has waited, per backend and tenant");

        private static KeyValuePair<string, object?>[] Tags(QueueSampleEntry entry) =>
            [new(Labels.Backend, entry.Backend), new(Labels.Tenant, entry.Tenant)];
    }

    /// <summary>Scheduling, claiming and executing runs.</summary>
    public static class Dispatch
    {
        public const string Name = "qxm.dispatch";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: backend.</summary>
        public static readonly Histogram<double> Duration = Meter.CreateHistogram(
            "qxm.dispatch.duration", "s", "Time to decide and claim the next run", advice: DurationAdvice);

        /// <summary>Tags: backend, tenant.</summary>
        public static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
            "qxm.run.queue.duration", "s", "Time a run waited queued before a worker claimed it", advice: DurationAdvice);

        /// <summary>Tags: backend, tenant, outcome.</summary>
        public static readonly Histogram<double> Execution = Meter.CreateHistogram(
            "qxm.run.execution.duration", "s", "Time from claim to the run's end (backend, ingest)", advice: DurationAdvice);

        /// <summary>Tags: backend, tenant, outcome.</summary>
        public static readonly Histogram<double> EndToEnd = Meter.CreateHistogram(
            "qxm.run.duration", "s", "Time from submission to the run's end (end-to-end latency)", advice: DurationAdvice);

        /// <summary>Tags: backend, tenant, outcome (succeeded, failed, cancelled), error_kind (none or the backend error kind).</summary>
        public static readonly Counter<long> Finished = Meter.CreateCounter<long>(
            "qxm.runs.finished", "{run}", "Runs that reached an end state, by outcome and error kind");

        /// <summary>Tags: backend, tenant.</summary>
        public static readonly Counter<long> Shots = Meter.CreateCounter<long>(
            "qxm.shots.executed", "{shot}", "Shots executed by backends, all sweep points counted");

        public static readonly UpDownCounter<long> ActiveWorkers = Meter.CreateUpDownCounter<long>(
            "qxm.worker.active", "{worker}", "Workers executing a run now");

        public static readonly UpDownCounter<long> WorkerLimit = Meter.CreateUpDownCounter<long>(
            "qxm.worker.limit", "{worker}", "Workers this instance runs; utilisation is qxm.worker.active over it");

        public static readonly Counter<double> BusyTime = Meter.CreateCounter<double>(
            "qxm.worker.busy.time", "s", "Time workers spent executing runs; its rate over qxm.worker.limit is utilisation");
    }

    /// <summary>Backend calls, resilience and health.</summary>
    public static class Backends
    {
        public const string Name = "qxm.backends";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: backend, operation (submit, result, cancel, status), outcome (ok, error).</summary>
        public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
            "qxm.backend.request.duration", "s", "Time of each call to a backend or vendor", advice: DurationAdvice);

        /// <summary>Tags: backend, outcome (succeeded, failed), error_kind. Recorded once per execution attempt of a run
        /// that ended it, by the run's outcome.</summary>
        public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
            "qxm.backend.attempts", "{attempt}", "Execution attempts of runs on backends, by outcome and error kind");

        /// <summary>Tags: backend (the one left), target (the alternative). Recorded by the failover monitor per run moved.</summary>
        public static readonly Counter<long> FailedOver = Meter.CreateCounter<long>(
            "qxm.backend.failovers", "{run}", "Runs moved off an unavailable backend to an approved alternative");

        /// <summary>Tags: backend, error_kind. Recorded by the resilience pipeline on each retry, and by the run's calls
        /// when they run the pipeline again after a backend's Retry-After.</summary>
        public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
            "qxm.backend.retries", "{retry}", "Retries of backend calls, by the error kind that caused them");

        /// <summary>Tags: backend, state (closed, open, half_open); 1 for the current state, 0 for the others. Set by the
        /// circuit breaker through <see cref="BackendGauges.SetBreakerState"/> and by the server's sampler.</summary>
        public static readonly ObservableGauge<int> BreakerState = Meter.CreateObservableGauge(
            "qxm.backend.breaker.state", () => BackendGauges.BreakerMeasurements(), "{state}", "Circuit-breaker state per backend (1 = current)");

        /// <summary>Tags: backend, status (online, maintenance, offline, draining, held); 1 for the current status.</summary>
        public static readonly ObservableGauge<int> Status = Meter.CreateObservableGauge(
            "qxm.backend.status", () => BackendGauges.StatusMeasurements(), "{status}", "Backend status (1 = current)");

        /// <summary>Tags: backend. With <see cref="SimulatorTime"/>: throughput is the rate of one over the other.</summary>
        public static readonly Counter<double> AmplitudeUpdates = Meter.CreateCounter<double>(
            "qxm.simulator.amplitude_updates", "{update}", "State-vector amplitude updates performed by simulators (gates x 2^qubits x circuits)");

        /// <summary>Tags: backend.</summary>
        public static readonly Counter<double> SimulatorTime = Meter.CreateCounter<double>(
            "qxm.simulator.execution.time", "s", "Time simulators spent executing, as they report it");
    }

    /// <summary>Checking and recording results.</summary>
    public static class Ingest
    {
        public const string Name = "qxm.ingest";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: backend, outcome (recorded, duplicate, invalid).</summary>
        public static readonly Histogram<double> Duration = Meter.CreateHistogram(
            "qxm.ingest.duration", "s", "Time to check, store and record a backend's result", advice: DurationAdvice);

        /// <summary>Tags: verdict (identical, consistent, inconclusive, inconsistent). Recorded by the reproduce service
        /// once per rerun compared; the reproduce rate SLI is (identical + consistent) / all.</summary>
        public static readonly Counter<long> Reproductions = Meter.CreateCounter<long>(
            "qxm.ingest.reproductions", "{comparison}", "Reruns compared with their originals, by verdict");
    }

    /// <summary>The relational store.</summary>
    public static class Store
    {
        public const string Name = "qxm.store";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: operation (submit, claim, complete, transition, requeue).</summary>
        public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
            "qxm.store.commit.duration", "s", "Time of a write transaction, from begin to durable commit", advice: DurationAdvice);

        public static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>(
            "qxm.store.commit.batch.size", "{submission}", "Submissions committed together by one group commit",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
    }

    /// <summary>Calibration snapshots and drift, recorded by the calibration history.</summary>
    public static class Calibration
    {
        public const string Name = "qxm.calibration";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: backend. Set through <see cref="BackendGauges.SetCalibrationAge"/>.</summary>
        public static readonly ObservableGauge<double> Age = Meter.CreateObservableGauge(
            "qxm.calibration.age", () => BackendGauges.CalibrationAgeMeasurements(), "s", "Age of the newest calibration snapshot per backend");

        /// <summary>Tags: backend, metric (the calibration quantity that drifted). Every drift event holds the backend's
        /// hold-policy runs, so there is no severity to label.</summary>
        public static readonly Counter<long> DriftEvents = Meter.CreateCounter<long>(
            "qxm.calibration.drift.events", "{event}", "Calibration drift detected, by the quantity that drifted");
    }

    /// <summary>Access decisions, recorded by the server's access audit log.</summary>
    public static class Security
    {
        public const string Name = "qxm.security";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: kind (unauthenticated, denied, hidden). Recorded by the server's access audit log.</summary>
        public static readonly Counter<long> Denied = Meter.CreateCounter<long>(
            "qxm.security.denied", "{request}", "Requests refused: unauthenticated, forbidden, or hidden as not found");

        /// <summary>Tags: kind (created, rotated, revoked).</summary>
        public static readonly Counter<long> KeyChanges = Meter.CreateCounter<long>(
            "qxm.security.key_changes", "{key}", "API keys created, rotated or revoked");
    }

    /// <summary>Money, at the backends' declared prices.</summary>
    public static class Cost
    {
        public const string Name = "qxm.cost";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        /// <summary>Tags: tenant, backend. Recorded when a run succeeds: shots times sweep points times the backend's price
        /// per shot, in the installation's currency units (the prices' unit).</summary>
        public static readonly Counter<double> Spent = Meter.CreateCounter<double>(
            "qxm.cost.charged", "{currency_unit}", "Price of executed runs at their backends' prices per shot");
    }

    /// <summary>Event stream and webhooks.</summary>
    public static class Events
    {
        public const string Name = "qxm.events";
        public static readonly Meter Meter = new(Name);
        public static readonly ActivitySource Source = new(Name);

        public static readonly UpDownCounter<long> Subscribers = Meter.CreateUpDownCounter<long>(
            "qxm.events.subscribers", "{subscriber}", "Clients following the event stream now");

        /// <summary>Tags: outcome (delivered, failed, abandoned).</summary>
        public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
            "qxm.webhook.deliveries", "{delivery}", "Webhook delivery attempts by outcome");
    }

    /// <summary>Label names, shared so every instrument spells them alike.</summary>
    public static class Labels
    {
        public const string Backend = "backend";
        public const string Tenant = "tenant";
        public const string Outcome = "outcome";
        public const string Reason = "reason";
        public const string ErrorKind = "error_kind";
        public const string Operation = "operation";
        public const string State = "state";
        public const string Status = "status";
        public const string Metric = "metric";
        public const string Verdict = "verdict";

        /// <summary>The value of error_kind when there was no error.</summary>
        public const string None = "none";
    }

    /// <summary>Span attribute names.</summary>
    public static class Attributes
    {
        public const string RunId = "qxm.run.id";
        public const string Tenant = "qxm.tenant";
        public const string Backend = "qxm.backend";
        public const string Attempt = "qxm.attempt";
        public const string Outcome = "qxm.outcome";
        public const string ErrorKind = "qxm.error.kind";
        public const string JobId = "qxm.backend.job_id";
        public const string Shots = "qxm.shots";

        /// <summary>On a phase recorded as a span event (<see cref="SpanPhase"/>): how long the phase took.</summary>
        public const string DurationSeconds = "qxm.duration_s";
    }
}
