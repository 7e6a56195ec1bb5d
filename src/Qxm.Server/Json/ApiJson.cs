using System.Text.Json;
using Qxm.Client.Wire;

namespace Qxm.Server.Json;

/// <summary>The API's JSON conventions as the server applies them; defined once, in <see cref="WireJson"/>, so that the
/// server and its clients read each other.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options => WireJson.Options;

    public static void Configure(JsonSerializerOptions options) => WireJson.Configure(options);
}
