using RelocationPlanner.Api.Auth;
using RelocationPlanner.Api.Audit;
using RelocationPlanner.Api.Export;
using RelocationPlanner.Api.Features;
using RelocationPlanner.Api.Hosting;
using RelocationPlanner.Api.Jobs;
using RelocationPlanner.Api.Map;
using RelocationPlanner.Api.Infrastructure;
using RelocationPlanner.Api.Ogc;
using RelocationPlanner.Api.Tiles;
using RelocationPlanner.Api.Scoring;
using RelocationPlanner.Api.Registry;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddScoring();
builder.AddTiles();

var app = builder.Build();
app.UseServiceDefaults();
app.UseWebClient();
app.MapOgcApi();
app.MapFeaturesApi();
app.MapJobsApi();
app.MapExportApi();
app.MapMapApi();
app.MapTilesApi();
app.MapAuditApi();
app.MapWhoAmIApi();
app.MapInfrastructureApi();
app.MapScoringApi();
app.MapRegistryApi();
app.Run();

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
