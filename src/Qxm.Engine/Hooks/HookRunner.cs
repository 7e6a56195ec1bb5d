using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qxm.Domain.Experiments;

namespace Qxm.Engine.Hooks;

/// <summary>Runs an experiment's hook: a program started with its argument vector (no shell ever reads user data), fed
/// the JSON on stdin and read on stdout, or an HTTP endpoint POSTed the JSON. The time limit stops the hook itself:
/// a command is killed with its process tree when it passes, not merely abandoned. Answers larger than
/// <see cref="MaxOutputBytes"/> are refused as they arrive.</summary>
public sealed class HookRunner(HttpClient? http = null)
{
    public const int MaxOutputBytes = 16 * 1024 * 1024;

    public Task<HookOutcome> RunAsync(Hook hook, ReadOnlyMemory<byte> input, CancellationToken cancellationToken) =>
        RunAsync(hook, input, workingDirectory: null, cancellationToken);

    /// <summary>Runs the hook; a command starts in <paramref name="workingDirectory"/> (null: this process's).</summary>
    public async Task<HookOutcome> RunAsync(Hook hook, ReadOnlyMemory<byte> input, string? workingDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var inputHash = Convert.ToHexStringLower(SHA256.HashData(input.Span));
        var started = Stopwatch.GetTimestamp();
        var (output, error, exitCode, fault) = hook.Command is { } command
            ? await RunCommandAsync(command, input, workingDirectory, TimeSpan.FromSeconds(hook.TimeoutSeconds), cancellationToken)
            : await PostAsync(hook.Url!, input, TimeSpan.FromSeconds(hook.TimeoutSeconds), cancellationToken);
        if (output is not null && error is null)
        {
            try
            {
                using var _ = JsonDocument.Parse(output.Value);
            }
            catch (JsonException e)
            {
                error = $"answered something that is not JSON: {e.Message}";
                fault = HookFault.NotJson;
            }
        }

        var name = hook.Command is { } argv ? string.Join(' ', argv.Select(Quote)) : hook.Url!;
        return new HookOutcome(name, error is null ? output : null, error, inputHash,
            error is null && output is { } o ? Convert.ToHexStringLower(SHA256.HashData(o.Span)) : null,
            Stopwatch.GetElapsedTime(started).TotalSeconds, exitCode)
        {
            Fault = error is null ? null : fault,
        };
    }

    private static async Task<(ReadOnlyMemory<byte>? Output, string? Error, int? ExitCode, HookFault? Fault)> RunCommandAsync(
        IReadOnlyList<string> command, ReadOnlyMemory<byte> input, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"could not start '{command[0]}': {e.Message}", null, HookFault.CouldNotStart);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            var stdout = ReadCappedAsync(process.StandardOutput.BaseStream, limit.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, limit.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The hook need not read its input; it closing stdin early is not an error.
            }

            var output = await stdout;
            await process.WaitForExitAsync(limit.Token);
            var errors = await stderr;
            if (output is null)
            {
                Kill(process);
                return (null, $"answered more than {MaxOutputBytes / (1024 * 1024)} MiB", null, HookFault.TooLarge);
            }

            return process.ExitCode == 0
                ? (output, null, 0, null)
                : (null, $"exited with {process.ExitCode}: {Tail(errors)}", process.ExitCode, HookFault.Failed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            return (null, $"timed out after {timeout.TotalSeconds:0.###} s and was killed", null, HookFault.TimedOut);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Kill(process);
            }
        }
    }

    private async Task<(ReadOnlyMemory<byte>? Output, string? Error, int? ExitCode, HookFault? Fault)> PostAsync(
        string url, ReadOnlyMemory<byte> input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var client = http ?? Shared;
        try
        {
            using var content = new ReadOnlyMemoryContent(input);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(new Uri(url), content, limit.Token);
            await using var body = await response.Content.ReadAsStreamAsync(limit.Token);
            var output = await ReadCappedAsync(body, limit.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"answered HTTP {(int)response.StatusCode}", (int)response.StatusCode, HookFault.Failed);
            }

            return output is null
                ? (null, $"answered more than {MaxOutputBytes / (1024 * 1024)} MiB", null, HookFault.TooLarge)
                : (output, null, (int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"timed out after {timeout.TotalSeconds:0.###} s", null, HookFault.TimedOut);
        }
        catch (HttpRequestException e)
        {
            return (null, $"could not be reached: {e.Message}", null, HookFault.Unreachable);
        }
    }

    private static readonly HttpClient Shared = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The stream's bytes, or null once they pass <see cref="MaxOutputBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxOutputBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 500 ? trimmed : "..." + trimmed[^500..];
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
