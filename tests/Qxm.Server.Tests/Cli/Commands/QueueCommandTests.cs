using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class QueueCommandTests
{
    [Fact]
    public async Task Queue_Explain_ShowsQueuedRunsAndWhy()
    {
        using var home = new TempDirectory();
        var id = (await CliOutcome.RunAsync("submit", Repository.Example("bell.yaml"), "--home", home.Path)).Stdout.Trim();

        var queue = await CliOutcome.RunAsync("queue", "--explain", "--home", home.Path);

        Assert.True(queue.ExitCode == 0, queue.ToString());
        Assert.Contains(id, queue.Stdout, StringComparison.Ordinal);
        Assert.Contains("priority normal", queue.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reservations_CreateListCancel_Embedded()
    {
        using var home = new TempDirectory();
        var start = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mmZ", System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddDays(1).AddHours(2).ToString("yyyy-MM-ddTHH:mmZ", System.Globalization.CultureInfo.InvariantCulture);

        var created = await CliOutcome.RunAsync("reservations", "create", "--backend", "sim.statevector", "--start", start, "--end", end, "--home", home.Path);
        var overlap = await CliOutcome.RunAsync("reservations", "create", "--backend", "sim.statevector", "--start", start, "--end", end, "--home", home.Path);
        var listed = await CliOutcome.RunAsync("reservations", "list", "--home", home.Path);
        var id = created.Stdout.Trim();
        var cancelled = await CliOutcome.RunAsync("reservations", "cancel", id, "--home", home.Path);
        var again = await CliOutcome.RunAsync("reservations", "cancel", id, "--home", home.Path);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(overlap.ExitCode == 2, overlap.ToString());
        Assert.Contains("already reserved", overlap.Stderr, StringComparison.Ordinal);
        Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.True(again.ExitCode == 3, again.ToString());
    }
}
