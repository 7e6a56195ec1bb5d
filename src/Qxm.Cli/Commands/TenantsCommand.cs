using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm tenants</c>: who shares the backends, on what terms, and how much each used recently.</summary>
internal static class TenantsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("tenants", "List tenants with their weight, limits, queued runs and recent usage");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var tenants = await connection.Queue.ListTenantsAsync(cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(tenants);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("tenant")
                .AddColumn(new TableColumn("weight").RightAligned())
                .AddColumn(new TableColumn("queued / max").RightAligned())
                .AddColumn(new TableColumn("shots per day").RightAligned())
                .AddColumn(new TableColumn("recent usage (shots)").RightAligned())
                .AddColumn("backends");
            foreach (var status in tenants)
            {
                var tenant = status.Tenant;
                table.AddRow(
                    new Text(tenant.Id),
                    new Text(tenant.Weight.ToString("0.##", CultureInfo.InvariantCulture)),
                    new Text($"{status.QueuedRuns.ToString(CultureInfo.InvariantCulture)} / {tenant.MaxQueuedRuns?.ToString(CultureInfo.InvariantCulture) ?? "-"}"),
                    new Text(tenant.ShotsPerDay?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                    new Text(status.RecentUsage.ToString("0", CultureInfo.InvariantCulture)),
                    new Text(tenant.AllowedBackends.Count == 0 ? "all" : string.Join(", ", tenant.AllowedBackends)));
            }

            console.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
