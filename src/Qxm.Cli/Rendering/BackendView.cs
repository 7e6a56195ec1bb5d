using System.Globalization;
using Qxm.Domain.Backends;
using Spectre.Console;

namespace Qxm.Cli.Rendering;

internal static class BackendView
{
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<BackendInfo> backends)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(backends);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("id", "kind", "status")
            .AddColumn(new TableColumn("qubits").RightAligned())
            .AddColumn(new TableColumn("max shots").RightAligned())
            .AddColumn("description");
        foreach (var backend in backends)
        {
            table.AddRow(
                new Text(backend.Id),
                new Text(backend.Kind),
                new Text(backend.Status.ToString().ToLowerInvariant()),
                new Text(backend.Target.Qubits.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Target.MaxShots.ToString(CultureInfo.InvariantCulture)),
                new Text(backend.Description));
        }

        console.Write(table);
    }
}
