"""QGIS 3.22 headless against the OGC API, for tools/bench/ogc/run and docs/ogc.md.

  qgis_load.py BASE_URL [--page-size N] time loading the roads layer (count from numberMatched)
                                        and reading every road through QGIS's OAPIF paging (pages of
                                        N when given: QGIS's pageSize; else what it takes from the
                                        advertised limit bounds)
  qgis_load.py BASE_URL --open          time opening the roads layer (the count it shows, from numberMatched)
  qgis_load.py BASE_URL --draw PNG [N]  what a user waits for: the roads layer opened through OAPIF and
                                        its whole extent drawn (1600 x 1200, every road fetched through
                                        QGIS's paging: pages of N when given), saved to PNG
  qgis_load.py BASE_URL --tiles         time drawing the whole extent from the dataset's vector
                                        tiles styled by /api/map/style.json (tiles built on request)
  qgis_load.py BASE_URL --screenshot PNG  render the map: the dataset's vector tiles styled by
                                        /api/map/style.json, with the towns and sites read as
                                        OGC API features on top (labelled)
Run with QT_QPA_PLATFORM=offscreen and /usr/bin/python3 (Debian's python3-qgis).
"""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsDataSourceUri,
                       QgsFeatureRequest, QgsMapBoxGlStyleConverter, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsPalLayerSettings, QgsProject, QgsRectangle, QgsTextFormat, QgsVectorLayer,
                       QgsVectorLayerSimpleLabeling, QgsVectorTileLayer, QgsMarkerSymbol, QgsFillSymbol, QgsSingleSymbolRenderer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QFont

base = sys.argv[1]
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()


def oapif(name, page_size=None):
    uri = QgsDataSourceUri()
    uri.setParam('url', base + '/ogc')
    uri.setParam('typename', name)
    if page_size:
        uri.setParam('pageSize', str(page_size))
    return QgsVectorLayer(uri.uri(False), name, 'OAPIF')


def styled_tiles():
    """The dataset's vector tiles (from their TileJSON) styled by /api/map/style.json; and the TileJSON."""
    tilejson = json.load(urllib.request.urlopen(base + '/ogc/tiles/WebMercatorQuad/tilejson'))
    style = json.load(urllib.request.urlopen(base + '/api/map/style.json'))
    layer = QgsVectorTileLayer('type=xyz&url=' + urllib.parse.quote(tilejson['tiles'][0], safe=':/{}') + '&zmin=0&zmax=14', 'tiles')
    converter = QgsMapBoxGlStyleConverter()
    converter.convert(style)
    layer.setRenderer(converter.renderer())
    return layer, tilejson, list(converter.warnings())


def render(layers, extent, size, background=None):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem('EPSG:3857'))
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem('EPSG:4326'), QgsCoordinateReferenceSystem('EPSG:3857'), QgsProject.instance())
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*extent)))
    settings.setOutputSize(QSize(*size))
    if background:
        settings.setBackgroundColor(QColor(background))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


mode = sys.argv[2] if len(sys.argv) > 2 else None
if mode is None or mode == '--page-size':
    started = time.time()
    roads = oapif('roads', int(sys.argv[3]) if mode else None)
    count = roads.featureCount()
    loaded = time.time() - started
    started, cpu = time.time(), time.process_time()
    read = sum(1 for f in roads.getFeatures(QgsFeatureRequest()) if f.hasGeometry())
    # QGIS's own CPU time (every thread of this process) while reading: parsing and its local cache.
    print(json.dumps({'valid': roads.isValid(), 'count': count, 'load_s': round(loaded, 2), 'read': read,
                      'read_s': round(time.time() - started, 2), 'read_cpu_s': round(time.process_time() - cpu, 2),
                      'total_s': round(loaded + time.time() - started, 2)}))
elif mode == '--open':
    started = time.time()
    roads = oapif('roads')
    print(json.dumps({'valid': roads.isValid(), 'count': roads.featureCount(), 'load_s': round(time.time() - started, 2)}))
elif mode == '--draw':
    started, cpu = time.time(), time.process_time()
    roads = oapif('roads', int(sys.argv[4]) if len(sys.argv) > 4 else None)
    e = roads.extent()  # the collection's extent from its metadata: no feature read yet
    image = render([roads], (e.xMinimum(), e.yMinimum(), e.xMaximum(), e.yMaximum()), (1600, 1200), '#ffffff')
    drawn = time.time() - started
    image.save(sys.argv[3])
    # Pixels the roads coloured: a blank image would mean nothing was drawn.
    step = 8
    inked = sum(1 for x in range(0, image.width(), step) for y in range(0, image.height(), step) if image.pixel(x, y) & 0xffffff != 0xffffff)
    print(json.dumps({'draw_s': round(drawn, 2), 'cpu_s': round(time.process_time() - cpu, 2), 'count': roads.featureCount(),
                      'inked': round(inked / ((image.width() // step) * (image.height() // step)), 3)}))
elif mode == '--tiles':
    started = time.time()
    tiles, tilejson, _ = styled_tiles()
    render([tiles], tilejson['bounds'], (1600, 1200))
    print(json.dumps({'render_s': round(time.time() - started, 2)}))
else:
    tiles, _, warnings = styled_tiles()
    text = QgsTextFormat()
    text.setFont(QFont('WenQuanYi Micro Hei'))
    text.setSize(9)
    text.buffer().setEnabled(True)
    layers = [tiles]
    for name, symbol in (('sites', QgsFillSymbol.createSimple({'color': '39,174,96,90', 'outline_color': '#1e8449', 'outline_width': '0.6'})),
                         ('towns', QgsMarkerSymbol.createSimple({'name': 'square', 'color': '#34495e', 'outline_color': 'white', 'size': '2.6'}))):
        layer = oapif(name)
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        labels = QgsPalLayerSettings()
        labels.fieldName = 'name'
        labels.setFormat(text)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
        layer.setLabelsEnabled(True)
        layers.insert(0, layer)
    # Dongsheng, Kangbashi and Dalad: the demo's densest part.
    render(layers, (109.55, 39.55, 110.25, 40.0), (1400, 1000), '#f4f3ee').save(sys.argv[3])
    print(json.dumps({'png': sys.argv[3], 'warnings': warnings}))

sys.stdout.flush()
# QGIS 3.22's exitQgis() can crash tearing down providers in a script without a project.
os._exit(0)
