// A user's program over Qxm.Client: submits an OpenQASM Bell pair, follows it to the end, prints its counts, and shows
// how a refusal reads. Usage: dotnet run --project examples/dotnet -- http://127.0.0.1:8080/ [API_KEY]
using Qxm.Client;
using Qxm.Client.Errors;
using Qxm.Domain.Runs;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: QxmClientExample SERVER_URL [API_KEY]");
    return 2;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
using var qxm = new QxmClient(new Uri(args[0]), args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("QXM_API_KEY"));
const string bell = """
    OPENQASM 3.0;
    include "stdgates.inc";
    qubit[2] q;
    bit[2] c;
    h q[0];
    cx q[0], q[1];
    c = measure q;
    """;

try
{
    var submission = await qxm.SubmitAsync(ExperimentSource.OpenQasm(bell, name: "dotnet-bell", shots: 1000), cancellationToken: cancel.Token);
    Console.WriteLine($"submitted {submission.Run.Id}");
    var run = await qxm.WaitAsync(submission.Run.Id, new StateWriter(), cancel.Token);
    if (run.State != RunState.Succeeded)
    {
        Console.Error.WriteLine($"run {run.Id} {run.State}: {run.Error}");
        return 1;
    }

    var result = await qxm.GetResultsAsync(run.Id, cancel.Token);
    foreach (var (outcome, count) in result.Points[0].Counts.OrderBy(c => c.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"{outcome}: {count}");
    }

    await qxm.GetRunAsync("no-such-run", cancel.Token);
    return 0;
}
catch (QxmApiException e) when (e.Kind == ApiErrorKind.NotFound)
{
    Console.WriteLine($"as expected: {e.Kind} ({e.Problem.Type}): {e.Problem.Detail}");
    return 0;
}
catch (QxmApiException e)
{
    Console.Error.WriteLine($"refused: {e.Kind} {(int)e.Status} {e.Problem.Detail}");
    foreach (var diagnostic in e.Problem.Diagnostics)
    {
        Console.Error.WriteLine($"  {diagnostic}");
    }

    return 1;
}
catch (QxmUnreachableException e)
{
    Console.Error.WriteLine(e.Message);
    return 4;
}

/// <summary>Prints each state the run passes through.</summary>
internal sealed class StateWriter : IProgress<Run>
{
    public void Report(Run value) => Console.WriteLine($"  {value.State}");
}
