using Qxm.Domain.Experiments;
using Qxm.Engine.Hooks;

namespace Qxm.Engine.Tests.Hooks;

public sealed class HookAllowlistTests
{
    private static readonly HookAllowlist Allowed = HookAllowlist.Of(["python3 /srv/hooks/cost.py", "https://hooks.example/qxm/"]);

    [Theory]
    [InlineData(new[] { "python3", "/srv/hooks/cost.py" }, true)]
    [InlineData(new[] { "python3", "/srv/hooks/cost.py", "0.5" }, true)]
    [InlineData(new[] { "python3" }, false)]
    [InlineData(new[] { "python3", "/srv/hooks/other.py" }, false)]
    [InlineData(new[] { "python3", "-c", "import os" }, false)]
    [InlineData(new[] { "/srv/hooks/cost.py" }, false)]
    public void Refusal_Command_AllowedOnlyWhenItBeginsWithAnEntrysWords(string[] command, bool allowed) =>
        Assert.Equal(allowed, Allowed.Refusal(new Hook(command, null)) is null);

    [Theory]
    [InlineData("https://hooks.example/qxm/cost", true)]
    [InlineData("https://hooks.example/other", false)]
    [InlineData("http://hooks.example/qxm/cost", false)]
    [InlineData("https://hooks.example/qxm/../admin", false)]
    [InlineData("https://hooks.example.evil/qxm/cost", false)]
    [InlineData("https://hooks.example:8443/qxm/cost", false)]
    [InlineData("https://hooks.example/qxmother", false)]
    public void Refusal_Url_AllowedOnlyUnderAnEntrysPrefix(string url, bool allowed) =>
        Assert.Equal(allowed, Allowed.Refusal(new Hook(null, url)) is null);

    [Fact]
    public void Refusal_NoEntries_SaysTheServerRunsNoHooks()
    {
        Assert.StartsWith("this server runs no hooks", HookAllowlist.Of([]).Refusal(new Hook(["cat"], null)), StringComparison.Ordinal);
        Assert.Null(HookAllowlist.Any.Refusal(new Hook(["cat"], null)));
    }
}
