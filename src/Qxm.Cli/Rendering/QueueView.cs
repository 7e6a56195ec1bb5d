using System.Globalization;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

internal static class QueueView
{
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<QueueEntry> entries, bool explain)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(entries);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("backend")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumns("run", "tenant", "priority", "estimated start");
        if (explain)
        {
            table.AddColumn("why here");
        }

        foreach (var entry in entries)
        {
            var cells = new List<Text>
            {
                new(entry.Backend),
                new(entry.Position.ToString(CultureInfo.InvariantCulture)),
                new(entry.RunId ?? "(hidden)"),
                new(entry.Tenant ?? "(other)"),
                new(entry.Priority),
                new(entry.EstimatedStart.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            };
            if (explain)
            {
                cells.Add(new Text(entry.Reason));
            }

            table.AddRow(cells);
        }

        console.Write(table);
    }

    public static void WriteReservations(IAnsiConsole console, IReadOnlyList<Reservation> reservations)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(reservations);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "backend", "tenant", "start", "end");
        foreach (var reservation in reservations)
        {
            table.AddRow(
                new Text(reservation.Id),
                new Text(reservation.Backend),
                new Text(reservation.Tenant),
                new Text(reservation.Start.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)),
                new Text(reservation.End.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)));
        }

        console.Write(table);
    }
}
