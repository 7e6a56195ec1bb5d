using Qxm.Domain.Backends;

namespace Qxm.Domain.Calibration;

/// <summary>One point of a backend's calibration history: the snapshot, its content hash and when qxm first saw it.</summary>
public sealed record CalibrationRecord(string Hash, CalibrationSnapshot Snapshot, DateTimeOffset RecordedAt);
