using Microsoft.AspNetCore.Http;
using Qxm.Engine.Security;

namespace Qxm.Server.Security;

internal static class CallerAccess
{
    private static readonly object Key = new();

    /// <summary>The caller the access middleware admitted for this request.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var caller) && caller is Caller admitted
            ? admitted
            : throw new InvalidOperationException("no caller was admitted for this request; does its endpoint declare a permission?");

    public static void Admit(this HttpContext context, Caller caller) => context.Items[Key] = caller;
}
