using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Engine.Vendors;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm credentials set|list|remove</c>: where a tenant's own secret for a vendor backend is (decision 0026).
/// Embedded, the command writes to the store directly; with <c>--server</c> it asks the server, as an admin. The secret
/// itself is never an argument: the reference names a <c>QXM_TENANT_...</c> variable of the server or a file in its
/// credentials directory.</summary>
internal static class CredentialsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var command = new Command("credentials", "Set, list and remove tenants' own vendor credentials (references, never secrets)");
        command.Add(SetCommand(globals, console));
        command.Add(ListCommand(globals, console));
        command.Add(RemoveCommand(globals, console));
        return command;
    }

    private static Option<string> Backend() =>
        new("--backend") { Description = "The vendor backend (an id from backends.yaml)", Required = true, HelpName = "ID" };

    private static Command SetCommand(GlobalOptions globals, CliConsole console)
    {
        var backend = Backend();
        var env = new Option<string?>("--env") { Description = "A variable of the server that holds the secret (QXM_TENANT_<NAME>)", HelpName = "VARIABLE" };
        var file = new Option<string?>("--file") { Description = "A file in the server's credentials directory that holds the secret (0600)", HelpName = "NAME" };
        var clientId = new Option<string?>("--client-id") { Description = "Azure: the tenant's own Entra application that signs in with the secret", HelpName = "ID" };
        var command = new Command("set", "Give --tenant its own credential for a backend; its runs there sign in with it") { backend, env, file, clientId };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.TenantCredentials.SetAsync(
                new TenantCredentialRequest(context.Tenant, parseResult.GetRequiredValue(backend), parseResult.GetValue(env), parseResult.GetValue(file), parseResult.GetValue(clientId)),
                cancellationToken);
            if (outcome.Credential is not { } set)
            {
                return context.Refuse(outcome.Diagnostics);
            }

            if (context.IsJson)
            {
                context.WriteJson(set);
                return ExitCodes.Success;
            }

            context.Say($"tenant {set.Tenant} signs in to {set.Backend} with {set.Source} {set.Reference}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand(GlobalOptions globals, CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Every tenant's, not only --tenant's" };
        var command = new Command("list", "List tenants' credential references (never a secret)") { all };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var credentials = await connection.TenantCredentials.ListAsync(parseResult.GetValue(all) ? null : context.Tenant, cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(credentials);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("tenant").AddColumn("backend").AddColumn("source").AddColumn("reference")
                .AddColumn("client id").AddColumn("set by").AddColumn("set at");
            foreach (var c in credentials)
            {
                table.AddRow(new Text(c.Tenant), new Text(c.Backend), new Text(c.Source), new Text(c.Reference), new Text(c.ClientId ?? "-"), new Text(c.SetBy),
                    new Text(c.SetAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            }

            console.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RemoveCommand(GlobalOptions globals, CliConsole console)
    {
        var backend = Backend();
        var command = new Command("remove", "Remove --tenant's credential for a backend; its runs sign in with the backend's own again") { backend };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var id = parseResult.GetRequiredValue(backend);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (!await connection.TenantCredentials.RemoveAsync(context.Tenant, id, cancellationToken))
            {
                return context.Fail(ExitCodes.NotFound, $"tenant {context.Tenant} has no credential for {id}");
            }

            context.Say($"tenant {context.Tenant} signs in to {id} with the backend's own credential");
            return ExitCodes.Success;
        });
        return command;
    }
}
