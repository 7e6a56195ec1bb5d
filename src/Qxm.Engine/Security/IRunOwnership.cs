namespace Qxm.Engine.Security;

/// <summary>Who submitted a run: what "cancel own runs" is decided on.</summary>
public interface IRunOwnership
{
    /// <summary>The principal recorded on the run's first transition; null for an unknown run.</summary>
    Task<string?> GetSubmitterAsync(string runId, CancellationToken cancellationToken);
}
