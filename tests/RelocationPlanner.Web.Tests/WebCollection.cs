namespace RelocationPlanner.Web.Tests;

/// <summary>The browser tests and the tile/map HTTP tests share one service and one browser.</summary>
[CollectionDefinition("web")]
public sealed class WebCollection : ICollectionFixture<BrowserFixture>;
