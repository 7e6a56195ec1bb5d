namespace Qxm.Domain.Observables;

/// <summary>An observable's expectation value at one sweep point and its standard error (zero when exact).</summary>
public sealed record ObservableValue(string Name, double Value, double StandardError);
