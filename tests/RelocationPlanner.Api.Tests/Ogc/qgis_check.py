"""QGIS 3.22 (Debian's python3-qgis, headless) as a client of the OGC API, for GisClientsTests.

Loads every collection with QGIS's OAPIF provider and reports the feature count it shows
before reading anything (QGIS takes it from numberMatched), reads one layer whole through its
paging, applies a layer filter, then loads the dataset's vector tiles from the TileJSON, styles
them with /api/map/style.json through QGIS's MapLibre style converter, renders a PNG and
counts the pixels of the style's colours. Prints one JSON document on stdout.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_check.py BASE_URL OUT_DIR
"""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsDataSourceUri,
                       QgsFeatureRequest, QgsMapBoxGlStyleConverter, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsProject, QgsRectangle, QgsVectorLayer, QgsVectorTileLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

base, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
report = {'version': __import__('qgis.core', fromlist=['Qgis']).Qgis.QGIS_VERSION, 'layers': {}}


def oapif(name):
    uri = QgsDataSourceUri()
    uri.setParam('url', base + '/ogc')
    uri.setParam('typename', name)
    return QgsVectorLayer(uri.uri(False), name, 'OAPIF')


def read_all(layer):
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
    return sum(1 for _ in layer.getFeatures(request))


for name in ['admin_units', 'towns', 'settlements', 'sites', 'roads', 'wells', 'power_lines']:
    started = time.time()
    layer = oapif(name)
    entry = {'valid': layer.isValid(), 'count': layer.featureCount(), 'crs': layer.crs().authid(),
             'fields': [f.name() for f in layer.fields()], 'load_s': round(time.time() - started, 3)}
    if name in ('roads', 'wells'):
        started = time.time()
        entry['read'] = read_all(layer)
        entry['read_s'] = round(time.time() - started, 3)
    report['layers'][name] = entry

# A layer filter (QGIS 3.22 evaluates it on the features it reads).
filtered = oapif('roads')
applied = filtered.setSubsetString("\"road_class\" = 'county' AND \"status\" = 'completed'")
report['filtered'] = {'valid': filtered.isValid(), 'applied': applied, 'read': read_all(filtered)}

# Vector tiles of the whole dataset, styled by the map definition's MapLibre rendering.
tilejson = json.load(urllib.request.urlopen(base + '/ogc/tiles/WebMercatorQuad/tilejson'))
style = json.load(urllib.request.urlopen(base + '/api/map/style.json'))
tiles = QgsVectorTileLayer('type=xyz&url=' + urllib.parse.quote(tilejson['tiles'][0], safe=':/{}')
                           + '&zmin=0&zmax=%d' % tilejson['maxzoom'], 'relocation planner')
converter = QgsMapBoxGlStyleConverter()
converter.convert(style)
tiles.setRenderer(converter.renderer())
report['tiles'] = {'valid': tiles.isValid(), 'warnings': list(converter.warnings()),
                   'styles': len(converter.renderer().styles())}

settings = QgsMapSettings()
settings.setLayers([tiles])
settings.setDestinationCrs(QgsCoordinateReferenceSystem('EPSG:3857'))
# The banners' extent (the tileset's may reach further: tests add features far away).
w, s, e, n = json.load(urllib.request.urlopen(base + '/ogc/collections/admin_units'))['extent']['spatial']['bbox'][0]
to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem('EPSG:4326'), QgsCoordinateReferenceSystem('EPSG:3857'), QgsProject.instance())
settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(w, s, e, n)))
settings.setOutputSize(QSize(1000, 750))
settings.setBackgroundColor(QColor('#ffffff'))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
png = os.path.join(out, 'qgis-vector-tiles.png')
image.save(png)


def close(c, hex_colour, tolerance=40):
    q = QColor(hex_colour)
    return abs(c.red() - q.red()) + abs(c.green() - q.green()) + abs(c.blue() - q.blue()) <= tolerance


# Pixel counts of colours the style draws: background, admin boundaries, power lines (purples).
watch = {'background': '#f4f3ee', 'admin_units': '#6c5b7b', 'power_lines': '#8e44ad', 'power_lines_110kv': '#6c3483'}
counts = {k: 0 for k in watch}
for x in range(0, image.width(), 2):
    for y in range(0, image.height(), 2):
        pixel = image.pixelColor(x, y)
        for key, colour in watch.items():
            if close(pixel, colour, 12 if key == 'background' else 40):
                counts[key] += 1
report['render'] = {'png': png, 'width': image.width(), 'height': image.height(), 'pixels': counts}

print(json.dumps(report))
sys.stdout.flush()
# QGIS 3.22's exitQgis() can crash tearing down providers of a script without a project:
# the report is out, so leave without it.
os._exit(0)
