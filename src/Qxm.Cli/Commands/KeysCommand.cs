using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Connection;
using Qxm.Cli.Input;
using Qxm.Domain.Security;
using Qxm.Engine.Security;
using Spectre.Console;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm keys create|list|revoke|rotate</c>: API keys. Embedded, the command writes to the store directly (how the
/// first admin key is made); with <c>--server</c> it asks the server, as an admin.</summary>
internal static class KeysCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var store = new Option<string?>("--store")
        {
            Description = "Embedded mode over a PostgreSQL store (default: $QXM_STORE, else SQLite in the data directory)",
            HelpName = "CONNECTION",
            Recursive = true,
        };
        var command = new Command("keys", "Create, list, rotate and revoke API keys") { store };
        command.Add(CreateCommand(globals, console, store));
        command.Add(ListCommand(globals, console, store));
        command.Add(RevokeCommand(globals, console, store));
        command.Add(RotateCommand(globals, console, store));
        return command;
    }

    private static Command CreateCommand(GlobalOptions globals, CliConsole console, Option<string?> store)
    {
        var principal = new Option<string>("--principal") { Description = "The user or service the key acts as (a stable name)", Required = true, HelpName = "NAME" };
        var role = new Option<string>("--role") { Description = "viewer, submitter, operator or admin", Required = true, HelpName = "ROLE" }
            .AcceptOnlyFromAmong("viewer", "submitter", "operator", "admin");
        var tenants = new Option<string?>("--tenants") { Description = "The tenants it acts in, ','-separated, the first by default (default: --tenant)", HelpName = "LIST" };
        var expires = new Option<string?>("--expires-in") { Description = "Lifetime, e.g. 90d, 12h, 30m (default: no expiry)", HelpName = "DURATION" };
        var command = new Command("create", "Create a key; its secret is printed once and never again") { principal, role, tenants, expires };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = Read(globals, parseResult, console, store);
            var lifetime = parseResult.GetValue(expires) is { } text ? TimeArguments.Duration(text, "--expires-in") : (TimeSpan?)null;
            var tenantList = (parseResult.GetValue(tenants) ?? context.Tenant).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var request = new NewKeyRequest(
                parseResult.GetRequiredValue(principal),
                Enum.Parse<Role>(parseResult.GetRequiredValue(role), ignoreCase: true),
                tenantList,
                lifetime is { } l ? DateTimeOffset.UtcNow + l : null);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.Keys.CreateKeyAsync(request, cancellationToken);
            return Issued(context, outcome);
        });
        return command;
    }

    private static Command ListCommand(GlobalOptions globals, CliConsole console, Option<string?> store)
    {
        var command = new Command("list", "List keys (never their secrets)");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = Read(globals, parseResult, console, store);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var keys = await connection.Keys.ListKeysAsync(cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(keys);
                return ExitCodes.Success;
            }

            var now = DateTimeOffset.UtcNow;
            var table = new Table().Border(TableBorder.Rounded).AddColumn("id").AddColumn("principal").AddColumn("role").AddColumn("tenants")
                .AddColumn("created").AddColumn("expires").AddColumn("state");
            foreach (var key in keys)
            {
                var state = key.RevokedAt is not null ? "revoked" : !key.IsValidAt(now) ? "expired" : key.RotatedTo is { } to ? $"rotated to {to}" : "valid";
                table.AddRow(
                    new Text(key.Id), new Text(key.Principal.Name), new Text(key.Principal.Role.ToString().ToLowerInvariant()),
                    new Text(string.Join(", ", key.Principal.Tenants)), new Text(Time(key.CreatedAt)),
                    new Text(key.ExpiresAt is { } e ? Time(e) : "-"), new Text(state));
            }

            console.Out.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeCommand(GlobalOptions globals, CliConsole console, Option<string?> store)
    {
        var id = new Argument<string>("KEY") { Description = "The key's id (the 16 hex digits after qxm_)" };
        var command = new Command("revoke", "Revoke a key at once") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = Read(globals, parseResult, console, store);
            var keyId = parseResult.GetRequiredValue(id);
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            if (!await connection.Keys.RevokeKeyAsync(keyId, cancellationToken))
            {
                return context.Fail(ExitCodes.NotFound, $"no unrevoked key with id '{keyId}'");
            }

            context.Say($"key {keyId} revoked");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RotateCommand(GlobalOptions globals, CliConsole console, Option<string?> store)
    {
        var id = new Argument<string>("KEY") { Description = "The key's id" };
        var overlap = new Option<string>("--overlap")
        {
            Description = "How long the old key keeps working, e.g. 1h, 7d, 0s",
            DefaultValueFactory = _ => "1h",
            HelpName = "DURATION",
        };
        var command = new Command("rotate", "Replace a key with a new one for the same principal; the old one works for the overlap") { id, overlap };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = Read(globals, parseResult, console, store);
            var span = TimeArguments.Duration(parseResult.GetValue(overlap) ?? "1h", "--overlap");
            await using var connection = await ServiceConnection.OpenAsync(context, cancellationToken);
            var outcome = await connection.Keys.RotateKeyAsync(parseResult.GetRequiredValue(id), span, cancellationToken);
            return outcome.NotFound ? context.Fail(ExitCodes.NotFound, outcome.Diagnostics[0].Message) : Issued(context, outcome);
        });
        return command;
    }

    private static CommandContext Read(GlobalOptions globals, ParseResult parseResult, CliConsole console, Option<string?> store) =>
        globals.Read(parseResult, console) with { Store = parseResult.GetValue(store) };

    private static int Issued(CommandContext context, KeyOutcome outcome)
    {
        if (outcome.Issued is not { } issued)
        {
            return context.Refuse(outcome.Diagnostics);
        }

        if (context.IsJson)
        {
            context.WriteJson(issued);
            return ExitCodes.Success;
        }

        var key = issued.Key;
        context.Console.Stdout.WriteLine(issued.Secret);
        context.Console.Stderr.WriteLine(
            $"key {key.Id} for {key.Principal.Name} ({key.Principal.Role.ToString().ToLowerInvariant()} in {string.Join(", ", key.Principal.Tenants)})"
            + (key.ExpiresAt is { } e ? $", expires {Time(e)}" : ", no expiry"));
        if (issued.Replaced is { } old)
        {
            context.Console.Stderr.WriteLine($"key {old.Id} keeps working until {(old.ExpiresAt is { } until ? Time(until) : "-")}");
        }

        context.Console.Stderr.WriteLine("store it now (e.g. in a 0600 credentials file): it is not shown again");
        return ExitCodes.Success;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
