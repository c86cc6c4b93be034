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
            DescribeProblem(doc);
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

    /// <summary>
    /// The problems' members beside RFC 7807's (<see cref="Problems.Problem"/> adds them as extensions):
    /// the field at fault and every field error, so clients read them from the one generated type.
    /// </summary>
    static void DescribeProblem(OpenApiDocument doc)
    {
        if (doc.Components?.Schemas is not { } schemas || !schemas.TryGetValue("ProblemDetails", out var p) || p is not OpenApiSchema problem) return;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["field"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The field at fault (the first error's)." };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = schemas.ContainsKey("FieldError") ? new OpenApiSchemaReference("FieldError", doc) : new OpenApiSchema { Type = JsonSchemaType.Object },
            Description = "Every field error: field, rule, message (a CSV import's also name the row).",
        };
        problem.Properties["row"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int64", Description = "A CSV import: the first bad row's line." };
        problem.Properties["error_count"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int64", Description = "A CSV import: how many problems the file has (errors lists the first of them)." };
    }

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
