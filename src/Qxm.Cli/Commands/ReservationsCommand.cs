using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Cli.Rendering;
using Qxm.Engine.Api;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm reservations list|create|cancel</c>: backend time windows owned by a tenant.</summary>
internal static class ReservationsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("reservations", "List, create and cancel backend reservations");
        command.Add(List(globals, console));
        command.Add(Reserve(globals, console));
        command.Add(Cancel(globals, console));
        command.Add(Usage(globals, console));
        return command;
    }

    private static Command Usage(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("RESERVATION") { Description = "The reservation id" };
        var command = new Command("usage", "How much of a reservation its holder used") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var reservationId = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (await connection.Queue.GetReservationUsageAsync(reservationId, cancellationToken) is not { } usage)
            {
                return context.Fail(ExitCodes.NotFound, $"no reservation with id '{reservationId}'");
            }

            if (context.IsJson)
            {
                context.WriteJson(usage);
            }
            else
            {
                console.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{usage.Reservation.Id}: used {usage.UsedSeconds:0.0} s of {usage.WindowSeconds:0.0} s ({usage.Utilization:P1}); unused {usage.UnusedSeconds:0.0} s"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliConsole console)
    {
        var backend = new Option<string?>("--backend") { Description = "Only this backend's reservations", HelpName = "ID" };
        var command = new Command("list", "Reservations that have not ended") { backend };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var reservations = await connection.Queue.ListReservationsAsync(parseResult.GetValue(backend), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(reservations);
            }
            else
            {
                QueueView.WriteReservations(console.Out, reservations);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reserve(GlobalOptions globals, CliConsole console)
    {
        var backend = new Option<string>("--backend") { Description = "The backend to reserve", HelpName = "ID", Required = true };
        var start = new Option<string>("--start") { Description = "Start, ISO 8601 (e.g. 2026-12-01T09:00Z) or from now (+2h)", HelpName = "TIME", Required = true };
        var end = new Option<string>("--end") { Description = "End, ISO 8601 or from now (+3h)", HelpName = "TIME", Required = true };
        var command = new Command("create", "Reserve a backend for the tenant (--tenant) during a window") { backend, start, end };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var now = TimeProvider.System.GetUtcNow();
            var from = TimeArguments.Instant(parseResult.GetRequiredValue(start), "--start", now);
            var to = TimeArguments.Instant(parseResult.GetRequiredValue(end), "--end", now);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.Queue.ReserveAsync(
                new ReservationRequest(parseResult.GetRequiredValue(backend), context.Tenant, from, to), cancellationToken);
            if (outcome.Reservation is not { } reservation)
            {
                return context.Refuse(outcome.Diagnostics);
            }

            if (context.IsJson)
            {
                context.WriteJson(reservation);
            }
            else
            {
                console.Stdout.WriteLine(reservation.Id);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Cancel(GlobalOptions globals, CliConsole console)
    {
        var id = new Argument<string>("RESERVATION") { Description = "The reservation id" };
        var command = new Command("cancel", "Cancel a reservation") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var reservationId = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            return await connection.Queue.CancelReservationAsync(reservationId, cancellationToken)
                ? ExitCodes.Success
                : context.Fail(ExitCodes.NotFound, $"no live reservation with id '{reservationId}'");
        });
        return command;
    }
}
