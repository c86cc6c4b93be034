using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace RelocationPlanner.Api.Hosting;

/// <summary>
/// The service's OpenAPI document (<c>/openapi/v1.json</c>) and its interactive reference
/// (<c>/scalar/v1</c>, served from the package, no network). Endpoints that need a token say so:
/// the bearer scheme, the roles allowed, and their 401 and 403 problems.
/// </summary>
public static class ApiReference
{
    const string Bearer = "bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "RelocationPlanner";
            doc.Info.Description = "Resettlement planning: sites and their scores, infrastructure, the household registry and subsidies, reports. " +
                "Tokens come from `rp users add NAME --role ROLE`; send them as `Authorization: Bearer TOKEN`. Errors are RFC 7807 problems naming the field.";
            doc.Components ??= new OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (rp users add / rotate); it expires (GET /api/me shows when).",
            };
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (op, ctx, ct) =>
        {
            var metadata = ctx.Description.ActionDescriptor.EndpointMetadata;
            var bodies = metadata.OfType<DocumentedBody>().ToList();
            if (bodies.Count > 0)
            {
                var content = new Dictionary<string, OpenApiMediaType>();
                foreach (var body in bodies)
                {
                    var schema = await SchemaOf(body.Type, ctx, ct);
                    foreach (var type in body.ContentTypes) content[type] = new OpenApiMediaType { Schema = schema };
                }
                op.RequestBody = new OpenApiRequestBody { Required = bodies.All(b => b.Required), Content = content };
            }
            var policies = metadata.OfType<AuthorizationPolicy>().ToList();
            if (policies.Count == 0 && !metadata.OfType<IAuthorizeData>().Any()) return;
            op.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, ctx.Document)] = [] }];
            var roles = policies.SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>()).SelectMany(r => r.AllowedRoles).Distinct().ToList();
            if (roles.Count > 0)
                op.Description = (op.Description is null ? "" : op.Description + "\n\n") + "Roles: " + string.Join(", ", roles) + ".";
            op.Responses ??= [];
            op.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or a bad or expired one (problem+json)." });
            op.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's role may not do this (problem+json)." });
        });
    });

    /// <summary>A body's schema, kept once under components (by type name) so clients generate one type for it.</summary>
    static async Task<IOpenApiSchema> SchemaOf(Type type, OpenApiOperationTransformerContext ctx, CancellationToken ct)
    {
        var schema = await ctx.GetOrCreateSchemaAsync(type, null, ct);
        if (ctx.Document is not { } doc || type == typeof(Stream)) return schema;
        doc.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, doc);
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("RelocationPlanner API").AddPreferredSecuritySchemes(Bearer));
        return app;
    }
}
