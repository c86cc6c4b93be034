using NetTopologySuite.IO;
using RelocationPlanner.Core.Geodesy;
using RelocationPlanner.Core.Ogc;

namespace RelocationPlanner.Core.Tests.Ogc;

/// <summary>The offered CRSs (axis order as each defines it) and the datetime values of OGC requests.</summary>
public class OgcCrsAndTimeTests
{
    [Fact]
    public void The_list_offers_CRS84_4326_4490_3857_and_the_21_Gauss_Kruger_zones()
    {
        var srids = OgcCrsList.All.Select(c => c.Srid).ToList();
        Assert.Equal([4326, 4326, 4490, 3857, .. Enumerable.Range(4534, 21)], srids);
        Assert.Equal(OgcCrsList.Crs84Uri, OgcCrsList.All[0].Uri);
        Assert.All(OgcCrsList.All, c => Assert.Same(c, OgcCrsList.Find(c.Uri)));
        Assert.Null(OgcCrsList.Find("EPSG:4326"));
        Assert.Null(OgcCrsList.Find("http://www.opengis.net/def/crs/EPSG/0/4533"));
        Assert.Same(OgcCrsList.Crs84, OgcCrsList.Storage);
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", false)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", true)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4490", true)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", false)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4545", true)]
    public void Axis_order_is_the_CRS_definition(string uri, bool northFirst) =>
        Assert.Equal(northFirst, OgcCrsList.Find(uri)!.NorthFirst);

    [Fact]
    public void Positions_come_back_to_lon_lat_from_every_crs()
    {
        const double lon = 109.78, lat = 39.61;
        Assert.Equal((lon, lat), OgcCrsList.Crs84.ToLonLat(lon, lat));
        Assert.Equal((lon, lat), OgcCrsList.Wgs84.ToLonLat(lat, lon));
        Assert.Equal((lon, lat), OgcCrsList.Cgcs2000.ToLonLat(lat, lon));
        // Web Mercator, from the spherical formulas' forward direction.
        var x = lon * Math.PI / 180 * 6378137;
        var y = Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)) * 6378137;
        var (mLon, mLat) = OgcCrsList.WebMercator.ToLonLat(x, y);
        Assert.Equal(lon, mLon, 9);
        Assert.Equal(lat, mLat, 9);
        // The CM 108E zone is northing first: give it (northing, easting).
        var (e, n) = GaussKruger.ProjectToZone(lon, lat, 4545);
        var (gLon, gLat) = OgcCrsList.Find("http://www.opengis.net/def/crs/EPSG/0/4545")!.ToLonLat(n, e);
        Assert.Equal(lon, gLon, 8);
        Assert.Equal(lat, gLat, 8);
    }

    [Fact]
    public void A_lat_first_box_becomes_the_same_lon_lat_box_and_a_gauss_kruger_box_follows_its_curved_sides()
    {
        var box = OgcCrsList.Wgs84.BoxToStorage(39.3, 109.5, 40.0, 110.3);
        Assert.Equal(new NetTopologySuite.Geometries.Envelope(109.5, 110.3, 39.3, 40.0), box.EnvelopeInternal);
        Assert.Equal(5, box.NumPoints);

        var gk = OgcCrsList.Find("http://www.opengis.net/def/crs/EPSG/0/4545")!;
        var (e0, n0) = GaussKruger.ProjectToZone(109.5, 39.3, 4545);
        var curved = gk.BoxToStorage(n0, e0, n0 + 50_000, e0 + 50_000);
        Assert.Equal(65, curved.NumPoints);
        Assert.True(curved.IsValid);
        Assert.Equal(109.5, curved.Coordinates.Min(c => c.X), 2);
    }

    [Fact]
    public void A_geometry_moves_to_storage_with_srid_4326()
    {
        var g = new WKTReader().Read("LINESTRING (39.6 109.7, 39.7 109.8)");
        var stored = OgcCrsList.Wgs84.ToStorage(g);
        Assert.Equal("LINESTRING (109.7 39.6, 109.8 39.7)", stored.AsText());
        Assert.Equal(4326, stored.SRID);
        Assert.Equal("LINESTRING (39.6 109.7, 39.7 109.8)", g.AsText());
    }

    [Theory]
    [InlineData("2017-06-01", "2017-06-01", "2017-06-01")]
    [InlineData("2017-06-01T00:00:00Z", "2017-06-01", "2017-06-01")]
    [InlineData("2017-05-31T20:00:00Z", "2017-06-01", "2017-06-01")] // 04:00 the next day in Beijing
    [InlineData("2017-06-01T01:00:00+08:00", "2017-06-01", "2017-06-01")]
    [InlineData("2017-06-01T", "2017-06-01", "2017-06-01")] // as GDAL's OAPIF driver writes a date
    [InlineData("2016-01-01/2016-12-31", "2016-01-01", "2016-12-31")]
    [InlineData("2016-01-01/..", "2016-01-01", null)]
    [InlineData("2016-01-01/", "2016-01-01", null)]
    [InlineData("../2016-12-31", null, "2016-12-31")]
    [InlineData("/2016-12-31", null, "2016-12-31")]
    [InlineData("0000-01-01T00:00:00Z/2016-12-31", "0001-01-01", "2016-12-31")] // QGIS's open start
    [InlineData("2016-01-01T00:00:00Z/9999-12-31T00:00:00Z", "2016-01-01", "9999-12-31")] // QGIS's open end
    public void Datetime_values_are_days_in_China_Standard_Time(string value, string? start, string? end)
    {
        var span = OgcTime.Parse(value)!.Value;
        Assert.Equal(start, span.Start?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(end, span.End?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../..")]
    [InlineData("/")]
    [InlineData("2017-02-30")]
    [InlineData("2017-06-01T25:00:00Z")]
    [InlineData("2017-12-31/2017-01-01")]
    [InlineData("2017-06-01/2017-07-01/2017-08-01")]
    [InlineData("yesterday")]
    [InlineData("2017-06-01T00:00:00+15:00")]
    public void Malformed_datetime_values_are_refused(string value) => Assert.Null(OgcTime.Parse(value));
}
