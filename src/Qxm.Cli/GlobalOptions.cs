using System.CommandLine;

namespace Qxm.Cli;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Output { get; } = new Option<string>("--output", "-o")
    {
        Description = "Output format: text for people, json for scripts (only JSON on stdout)",
        DefaultValueFactory = _ => "text",
        Recursive = true,
        HelpName = "text|json",
    }.AcceptOnlyFromAmong("text", "json");

    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Talk to a running 'qxm serve' at this URL instead of the embedded engine",
        Recursive = true,
        HelpName = "URL",
    };

    public Option<string?> Home { get; } = new("--home")
    {
        Description = "Data directory of the embedded engine (default: $QXM_HOME, else ~/.qxm)",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<string> Tenant { get; } = new("--tenant")
    {
        Description = "The tenant (project or team) runs are submitted for",
        DefaultValueFactory = _ => Domain.Tenancy.Tenant.DefaultId,
        Recursive = true,
        HelpName = "NAME",
    };

    public Option<string?> Credentials { get; } = new("--credentials")
    {
        Description = "With --server: read the API key from this file (mode 0600, one line; default: $QXM_API_KEY, else $QXM_CREDENTIALS, else ~/.config/qxm/credentials)",
        Recursive = true,
        HelpName = "FILE",
    };

    public void AddTo(Command root)
    {
        root.Add(Output);
        root.Add(Server);
        root.Add(Home);
        root.Add(Tenant);
        root.Add(Credentials);
    }

    public CommandContext Read(ParseResult parseResult, CliConsole console)
    {
        var output = parseResult.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Text;
        Uri? server = null;
        if (parseResult.GetValue(Server) is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"--server: '{url}' is not an http or https URL");
            }
        }

        return new CommandContext(console, output, server, parseResult.GetValue(Home), parseResult.GetValue(Tenant) ?? Domain.Tenancy.Tenant.DefaultId)
        {
            Credentials = parseResult.GetValue(Credentials),
        };
    }
}
