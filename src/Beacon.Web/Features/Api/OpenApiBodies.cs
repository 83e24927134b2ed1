using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Beacon.Web.Features.Api;

public static class OpenApiBodies
{
    /// <summary>
    /// Documents a JSON request body that the handler reads itself. (<c>Accepts&lt;T&gt;</c> would also make routing
    /// refuse other content types before the handler can answer them with a clear 415 problem.)
    /// </summary>
    public static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, ct);
            // A named component, so a generated client has a type of this name (ActualEntry …) to fill in.
            IOpenApiSchema body = schema;
            if (context.Document is { } document)
            {
                document.AddComponent(typeof(T).Name, schema);
                body = new OpenApiSchemaReference(typeof(T).Name, document);
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } },
            };
        });
}
