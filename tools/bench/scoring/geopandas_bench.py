"""Peer benchmark: the same four nearest look-ups with Shapely/GeoPandas (Debian's packages).

Debian bookworm ships GeoPandas 0.12 with Shapely 1.8 and no PyGEOS, so sjoin_nearest is not
available; the fastest path there is a Shapely STRtree per layer in a projected CRS
(CGCS2000 / 3-degree Gauss-Kruger CM 108E, EPSG:4545) with one nearest() call per site.
Prints one JSON line: load and compute seconds, plus the distances' checksum.
"""
import json
import sys
import time

import geopandas as gpd
import pandas as pd
from shapely import wkt as shapely_wkt
from shapely.strtree import STRtree

folder = sys.argv[1]
t0 = time.perf_counter()


def load(name):
    df = pd.read_csv(f"{folder}/{name}.csv")
    geoms = [shapely_wkt.loads(w) for w in df["wkt"]]
    return gpd.GeoDataFrame(df.drop(columns=["wkt"]), geometry=geoms, crs="EPSG:4326")


layers = {n: load(n) for n in ["roads", "wells", "power_lines", "towns", "sites"]}
t1 = time.perf_counter()

crs = "EPSG:4545"
sites = layers["sites"].to_crs(crs).geometry.values
distances = {}
for name in ["roads", "wells", "power_lines", "towns"]:
    layer = layers[name]
    if "status" in layer.columns:
        layer = layer[layer["status"] == "completed"]
    geoms = list(layer.to_crs(crs).geometry.values)
    tree = STRtree(geoms)
    distances[name] = [s.distance(tree.nearest(s)) for s in sites]
t2 = time.perf_counter()

checksum = sum(sum(v) for v in distances.values())
print(json.dumps({"load_s": t1 - t0, "compute_s": t2 - t1, "sites": len(sites), "checksum_m": checksum}))
