using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Qxm.Server.Security;

/// <summary>The OpenAPI document declares the bearer scheme, and each operation that needs it names it and the
/// permission it requires (<c>x-qxm-permission</c>, read by clients and by the RBAC matrix test).</summary>
internal static class SecurityOpenApi
{
    public const string SchemeName = "bearer";
    public const string PermissionExtension = "x-qxm-permission";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (qxm_…, from 'qxm keys create') or, where configured, a token from the site's identity provider.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<PermissionMetadata>().FirstOrDefault();
            if (declared is null)
            {
                return Task.CompletedTask;
            }

            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] },
            ];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[PermissionExtension] = new JsonNodeExtension(JsonValue.Create(Name(declared.Permission)));
            return Task.CompletedTask;
        });
    }

    /// <summary>The permission as the document and clients spell it: camelCase.</summary>
    public static string Name(Domain.Security.Permission permission)
    {
        var text = permission.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
