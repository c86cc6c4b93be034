"""QGIS 3.22 headless against the OGC API, for tools/bench/ogc/run and docs/ogc.md.

  qgis_load.py BASE_URL                 time loading the roads layer (count from numberMatched)
                                        and reading every road through QGIS's OAPIF paging
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


def oapif(name):
    uri = QgsDataSourceUri()
    uri.setParam('url', base + '/ogc')
    uri.setParam('typename', name)
    return QgsVectorLayer(uri.uri(False), name, 'OAPIF')


if len(sys.argv) == 2:
    started = time.time()
    roads = oapif('roads')
    count = roads.featureCount()
    loaded = time.time() - started
    started = time.time()
    read = sum(1 for f in roads.getFeatures(QgsFeatureRequest()) if f.hasGeometry())
    print(json.dumps({'valid': roads.isValid(), 'count': count, 'load_s': round(loaded, 2), 'read': read,
                      'read_s': round(time.time() - started, 2), 'total_s': round(loaded + time.time() - started, 2)}))
else:
    png = sys.argv[3]
    tilejson = json.load(urllib.request.urlopen(base + '/ogc/tiles/WebMercatorQuad/tilejson'))
    style = json.load(urllib.request.urlopen(base + '/api/map/style.json'))
    tiles = QgsVectorTileLayer('type=xyz&url=' + urllib.parse.quote(tilejson['tiles'][0], safe=':/{}') + '&zmin=0&zmax=14', 'tiles')
    converter = QgsMapBoxGlStyleConverter()
    converter.convert(style)
    tiles.setRenderer(converter.renderer())
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
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem('EPSG:3857'))
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem('EPSG:4326'), QgsCoordinateReferenceSystem('EPSG:3857'), QgsProject.instance())
    # Dongsheng, Kangbashi and Dalad: the demo's densest part.
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(109.55, 39.55, 110.25, 40.0)))
    settings.setOutputSize(QSize(1400, 1000))
    settings.setBackgroundColor(QColor('#f4f3ee'))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png)
    print(json.dumps({'png': png, 'warnings': list(converter.warnings())}))

sys.stdout.flush()
# QGIS 3.22's exitQgis() can crash tearing down providers in a script without a project.
os._exit(0)
