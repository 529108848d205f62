#!/usr/bin/env python3
"""Check the sample store sources in data/ against the invariants in data/README.md.

    python3 tools/sample/check_sample.py [DATA_DIR] [-v]

Standard library only.  Checks formats, geometry validity (closed rings, no
self-intersections, orientation, holes strictly inside their shell, parts of a
MultiPolygon disjoint), the per-city make-up of zones, unique ids, that houses
and offices lie within their city, the test points the test suite relies on,
and the share of houses covered.  Prints a summary per city; exits 1 on any
failure.
"""
import csv
import json
import math
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

STREET_TYPES = {'ул', 'пр-кт', 'пер', 'б-р', 'ш', 'наб', 'пл', 'проезд', 'тракт', 'мкр', 'кв-л', 'аллея', 'туп', 'линия'}
CITY_HEADER = ['code', 'name', 'type', 'region', 'lat', 'lon', 'support_phone', 'sales_phone', 'timezone']
HOUSE_HEADER = ['house_id', 'city', 'street_type', 'street', 'house', 'letter', 'korpus', 'stroenie', 'lat', 'lon']
OFFICE_HEADER = ['id', 'city', 'kind', 'name', 'address', 'hours', 'lat', 'lon']
SIX = re.compile(r'^-?\d{1,3}\.\d{6}$')

# (city, lat, lon, what must cover it): the points the tests rely on
TEST_POINTS = [
    ('perm', 58.0105, 56.2502, ('internet', 'tv')),
    ('ekaterinburg', 56.8389, 60.6057, ('internet',)),
    ('kazan', 55.7963, 49.1088, ('internet',)),
]
# one point per city in a built-up area that is not covered (for demos)
UNCOVERED_POINTS = [
    ('perm', 57.9760, 56.1600, 'ул. Мира, Индустриальный район'),
    ('ekaterinburg', 56.8380, 60.5620, 'ул. Крауля, ВИЗ'),
    ('kazan', 55.8180, 49.0850, 'ул. Декабристов, Московский район'),
    ('omsk', 55.0450, 73.3100, 'пр-кт Мира, Советский округ'),
]
CITY_RADIUS_KM = 25.0

errors = []


def fail(msg):
    errors.append(msg)


# --- geometry (lon, lat) ------------------------------------------------------
def signed_area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def orient(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0 if abs(v) < 1e-18 else (1 if v > 0 else -1)


def on_seg(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def seg_cross(p1, p2, p3, p4):
    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on_seg(p1, p2, p3)) or (o2 == 0 and on_seg(p1, p2, p4)) or
            (o3 == 0 and on_seg(p3, p4, p1)) or (o4 == 0 and on_seg(p3, p4, p2)))


def ring_self_intersects(ring):
    segs = list(zip(ring, ring[1:]))
    n = len(segs)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a vertex
            if seg_cross(segs[i][0], segs[i][1], segs[j][0], segs[j][1]):
                return True
    return False


def rings_cross(r1, r2):
    for a, b in zip(r1, r1[1:]):
        for c, d in zip(r2, r2[1:]):
            if seg_cross(a, b, c, d):
                return True
    return False


def in_ring(pt, ring):
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def in_polys(pt, polys):
    """Even-odd over every ring of every polygon."""
    inside = False
    for poly in polys:
        for ring in poly:
            if in_ring(pt, ring):
                inside = not inside
    return inside


def dist_m(a, b):
    """Great-circle metres between (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def dist_to_seg_m(p, a, b):
    k = math.cos(math.radians(p[1]))
    ax, ay, bx, by, px, py = a[0] * k, a[1], b[0] * k, b[1], p[0] * k, p[1]
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return dist_m(p, ((ax + t * dx) / k, ay + t * dy))


def dist_to_polys_m(p, polys):
    if in_polys(p, polys):
        return 0.0
    return min(dist_to_seg_m(p, a, b) for poly in polys for ring in poly for a, b in zip(ring, ring[1:]))


def area_km2(polys):
    s = 0.0
    for poly in polys:
        lat0 = poly[0][0][1]
        k = 111.32 * math.cos(math.radians(lat0))
        for i, ring in enumerate(poly):
            a = abs(signed_area([(x * k, y * 111.2) for x, y in ring]))
            s += a if i == 0 else -a
    return s


def overlaps(pa, pb):
    """True when two zones share area (an edge crossing, or a vertex of one inside the other)."""
    for a in pa:
        for b in pb:
            if rings_cross(a[0], b[0]):
                return True
            if in_polys(a[0][0], [b]) or in_polys(b[0][0], [a]):
                return True
    return False


# --- loading ----------------------------------------------------------------
def read_csv(path, header):
    with open(path, encoding='utf-8', newline='') as f:
        raw = f.read()
    if '\r' in raw:
        fail('%s: CR line endings' % path)
    if not raw.endswith('\n'):
        fail('%s: no final newline' % path)
    rows = list(csv.reader(raw.splitlines()))
    if rows[0] != header:
        fail('%s: header %r, want %r' % (path, rows[0], header))
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            fail('%s:%d: %d fields' % (path, i, len(r)))
    return [dict(zip(header, r)) for r in rows[1:]]


def check_zone_geometry(path, zid, geom):
    t = geom.get('type')
    if t == 'Polygon':
        polys = [geom['coordinates']]
    elif t == 'MultiPolygon':
        polys = geom['coordinates']
    else:
        fail('%s: %s: geometry type %r' % (path, zid, t))
        return []
    out = []
    for pi, poly in enumerate(polys):
        rings = []
        for ri, ring in enumerate(poly):
            where = '%s: %s: polygon %d ring %d' % (path, zid, pi, ri)
            pts = [tuple(p) for p in ring]
            if len(pts) < 4 or pts[0] != pts[-1]:
                fail(where + ': not a closed ring of >= 4 positions')
                continue
            if len(set(pts[:-1])) != len(pts) - 1:
                fail(where + ': repeated vertex')
            for lon, lat in pts:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    fail(where + ': position out of range')
                if round(lon, 6) != lon or round(lat, 6) != lat:
                    fail(where + ': more than 6 decimals')
            a = signed_area(pts)
            if ri == 0 and a <= 0:
                fail(where + ': outer ring not counter-clockwise')
            if ri > 0 and a >= 0:
                fail(where + ': hole not clockwise')
            if ring_self_intersects(pts):
                fail(where + ': self-intersection')
            rings.append(pts)
        for hi, hole in enumerate(rings[1:], 1):
            if rings_cross(rings[0], hole) or not all(in_ring(p, rings[0]) for p in hole[:-1]):
                fail('%s: %s: polygon %d hole %d not strictly inside its shell' % (path, zid, pi, hi))
            for hj, other in enumerate(rings[hi + 1:], hi + 1):
                if rings_cross(hole, other) or in_ring(other[0], hole) or in_ring(hole[0], other):
                    fail('%s: %s: polygon %d holes %d and %d meet' % (path, zid, pi, hi, hj))
        out.append(rings)
    for i in range(len(out)):
        for j in range(i + 1, len(out)):
            if overlaps([out[i]], [out[j]]):
                fail('%s: %s: MultiPolygon parts %d and %d meet' % (path, zid, i, j))
    return out


def main(argv):
    verbose = '-v' in argv[1:]
    args = [a for a in argv[1:] if not a.startswith('-')]
    data = args[0] if args else os.path.join(ROOT, 'data')

    # store.conf
    conf = {}
    with open(os.path.join(data, 'store.conf'), encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line and not line.startswith('#'):
                k, _, v = line.partition('=')
                conf[k] = v
    for k in ('data_version', 'source'):
        if not conf.get(k):
            fail('store.conf: no %s' % k)

    cities = {c['code']: c for c in read_csv(os.path.join(data, 'cities.csv'), CITY_HEADER)}
    for code, c in cities.items():
        for k in ('lat', 'lon'):
            if not SIX.match(c[k]) and not re.match(r'^-?\d+\.\d{1,6}$', c[k]):
                fail('cities.csv: %s: bad %s %r' % (code, k, c[k]))
        if not c['timezone'].count('/'):
            fail('cities.csv: %s: timezone %r' % (code, c['timezone']))

    zones = {}       # city -> list of (props, polys)
    all_zone_ids = set()
    for code in cities:
        path = os.path.join(data, 'zones', code + '.geojson')
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
        if doc.get('type') != 'FeatureCollection':
            fail('%s: not a FeatureCollection' % path)
        zl = []
        for feat in doc['features']:
            pr = feat['properties']
            zid = pr.get('id', '?')
            if set(pr) != {'id', 'service', 'technology', 'status', 'city', 'name'}:
                fail('%s: %s: properties %r' % (path, zid, sorted(pr)))
            if zid in all_zone_ids:
                fail('%s: duplicate zone id %s' % (path, zid))
            all_zone_ids.add(zid)
            if not zid.startswith(code + '-'):
                fail('%s: %s: id does not start with the city code' % (path, zid))
            if pr.get('city') != code:
                fail('%s: %s: city %r' % (path, zid, pr.get('city')))
            if pr.get('service') not in ('internet', 'tv') or pr.get('status') not in ('active', 'planned') \
                    or pr.get('technology') not in ('FTTB', 'GPON', 'DOCSIS') or not pr.get('name'):
                fail('%s: %s: bad service/status/technology/name' % (path, zid))
            polys = check_zone_geometry(path, zid, feat['geometry'])
            nv = sum(len(r) - 1 for p in polys for r in p)
            if pr.get('service') == 'internet' and not 8 <= nv <= 40:
                fail('%s: %s: %d vertices (want 8-40)' % (path, zid, nv))
            zl.append((pr, polys, feat['geometry']['type']))
        zones[code] = zl

    # per-city make-up
    for code, zl in zones.items():
        inet = [z for z in zl if z[0]['service'] == 'internet']
        tv = [z for z in zl if z[0]['service'] == 'tv']
        active = [z for z in inet if z[0]['status'] == 'active']
        planned = [z for z in inet if z[0]['status'] == 'planned']
        if not 3 <= len(inet) <= 6:
            fail('%s: %d internet zones (want 3-6)' % (code, len(inet)))
        if not 1 <= len(tv) <= 3:
            fail('%s: %d TV zones (want 1-3)' % (code, len(tv)))
        if not planned:
            fail('%s: no planned internet zone' % code)
        for p in planned:
            for a in active:
                if overlaps(p[1], a[1]):
                    fail('%s: planned %s overlaps active %s' % (code, p[0]['id'], a[0]['id']))
        if not any(t == 'MultiPolygon' for _, _, t in inet):
            fail('%s: no internet MultiPolygon' % code)
        if not any(len(r) > 1 for _, polys, _ in inet for r in polys):
            fail('%s: no internet zone with a hole' % code)
        if not any(overlaps(a[1], b[1]) and a[0]['technology'] != b[0]['technology']
                   for i, a in enumerate(active) for b in active[i + 1:]):
            fail('%s: no two active internet zones of different technologies overlap' % code)
        big = max(area_km2(z[1]) for z in inet)
        for t in tv:
            if area_km2(t[1]) >= big or not any(overlaps(t[1], a[1]) for a in active):
                fail('%s: TV zone %s not smaller than / overlapping the internet zones' % (code, t[0]['id']))

    def covering(code, lat, lon, service=None):
        return [z[0] for z in zones[code] if (service is None or z[0]['service'] == service)
                and in_polys((lon, lat), z[1])]

    # houses
    house_ids = set()
    stats = {}
    for code, c in cities.items():
        clat, clon = float(c['lat']), float(c['lon'])
        rows = read_csv(os.path.join(data, 'houses', code + '.csv'), HOUSE_HEADER)
        st = stats[code] = {'houses': len(rows), 'covered': 0, 'uncovered': 0, 'planned_only': 0,
                            'korpus': 0, 'stroenie': 0, 'letter': 0, 'corner': 0, 'streets': set()}
        keys = set()
        for r in rows:
            hid = r['house_id']
            if hid in house_ids:
                fail('houses: duplicate house_id %s' % hid)
            house_ids.add(hid)
            if r['city'] != code:
                fail('houses/%s.csv: %s: city %r' % (code, hid, r['city']))
            if r['street_type'] not in STREET_TYPES:
                fail('houses/%s.csv: %s: street_type %r' % (code, hid, r['street_type']))
            if not re.match(r'^\d+(/\d+)?$', r['house']):
                fail('houses/%s.csv: %s: house %r' % (code, hid, r['house']))
            if r['letter'] and not re.match(r'^[а-яё]$', r['letter']):
                fail('houses/%s.csv: %s: letter %r' % (code, hid, r['letter']))
            for k in ('korpus', 'stroenie'):
                if r[k] and not r[k].isdigit():
                    fail('houses/%s.csv: %s: %s %r' % (code, hid, k, r[k]))
            if not (SIX.match(r['lat']) and SIX.match(r['lon'])):
                fail('houses/%s.csv: %s: coordinates not 6 decimals' % (code, hid))
            key = (r['street_type'], r['street'], r['house'], r['letter'], r['korpus'], r['stroenie'])
            if key in keys:
                fail('houses/%s.csv: %s: duplicate address' % (code, hid))
            keys.add(key)
            lat, lon = float(r['lat']), float(r['lon'])
            if dist_m((lon, lat), (clon, clat)) > CITY_RADIUS_KM * 1000:
                fail('houses/%s.csv: %s: %.1f km from the centre' % (code, hid, dist_m((lon, lat), (clon, clat)) / 1000))
            inet = covering(code, lat, lon, 'internet')
            if any(z['status'] == 'active' for z in inet):
                st['covered'] += 1
            elif inet:
                st['planned_only'] += 1
            else:
                st['uncovered'] += 1
            st['korpus'] += bool(r['korpus'])
            st['stroenie'] += bool(r['stroenie'])
            st['letter'] += bool(r['letter'])
            st['corner'] += '/' in r['house']
            st['streets'].add((r['street_type'], r['street']))
        if st['houses'] < 250:
            fail('%s: %d houses (want >= 250)' % (code, st['houses']))
        if len(st['streets']) < 25:
            fail('%s: %d streets (want >= 25)' % (code, len(st['streets'])))
        for k, want in (('korpus', 15), ('stroenie', 5), ('letter', 15), ('corner', 8)):
            if st[k] < want:
                fail('%s: %d houses with %s (want >= %d)' % (code, st[k], k, want))
        share = st['uncovered'] / float(st['houses'])
        if not 0.10 <= share <= 0.20:
            fail('%s: %.1f%% of houses outside every zone (want 10-20%%)' % (code, 100 * share))
        if st['planned_only'] < 3:
            fail('%s: %d houses only in a planned zone (want a few)' % (code, st['planned_only']))
        if st['covered'] <= st['houses'] / 2:
            fail('%s: most houses should be covered' % code)

    # offices
    office_ids = set()
    ocount = {c: {'office': 0, 'terminal': 0} for c in cities}
    for r in read_csv(os.path.join(data, 'offices.csv'), OFFICE_HEADER):
        if r['id'] in office_ids:
            fail('offices.csv: duplicate id %s' % r['id'])
        office_ids.add(r['id'])
        if r['city'] not in cities or r['kind'] not in ('office', 'terminal'):
            fail('offices.csv: %s: city/kind %r/%r' % (r['id'], r['city'], r['kind']))
            continue
        ocount[r['city']][r['kind']] += 1
        if not (r['name'] and r['address'] and r['hours']):
            fail('offices.csv: %s: empty name/address/hours' % r['id'])
        c = cities[r['city']]
        d = dist_m((float(r['lon']), float(r['lat'])), (float(c['lon']), float(c['lat'])))
        if d > CITY_RADIUS_KM * 1000 or not (SIX.match(r['lat']) and SIX.match(r['lon'])):
            fail('offices.csv: %s: coordinates' % r['id'])
    for code, n in ocount.items():
        if n['office'] < 3 or n['terminal'] < 5:
            fail('%s: %d offices, %d terminals (want >= 3, >= 5)' % (code, n['office'], n['terminal']))

    # test points
    print('test points:')
    for code, lat, lon, services in TEST_POINTS:
        for service in services:
            hit = [z['id'] for z in covering(code, lat, lon, service) if z['status'] == 'active']
            print('  %s %.4f,%.4f %s: %s' % (code, lat, lon, service, ', '.join(hit) or 'NOT COVERED'))
            if not hit:
                fail('%s: test point %.4f,%.4f not in an active %s zone' % (code, lat, lon, service))
    print('not covered:')
    for code, lat, lon, what in UNCOVERED_POINTS:
        if covering(code, lat, lon):
            fail('%s: %.4f,%.4f (%s) should not be covered' % (code, lat, lon, what))
        best = min((dist_to_polys_m((lon, lat), z[1]), z[0]['id']) for z in zones[code]
                   if z[0]['service'] == 'internet' and z[0]['status'] == 'active')
        print('  %s %.4f,%.4f (%s): nearest active internet %s at %.0f m' % (code, lat, lon, what, best[1], best[0]))

    print('per city:')
    for code in cities:
        zl = zones[code]
        def n(service, status):
            return sum(1 for z in zl if z[0]['service'] == service and z[0]['status'] == status)
        st = stats[code]
        print('  %-13s zones: internet %d active + %d planned, tv %d; houses %d on %d streets: covered %d, '
              'not covered %d (%.0f%%), planned only %d; korpus %d, stroenie %d, letter %d, corner %d; '
              'offices %d, terminals %d'
              % (code, n('internet', 'active'), n('internet', 'planned'), n('tv', 'active') + n('tv', 'planned'),
                 st['houses'], len(st['streets']), st['covered'], st['uncovered'], 100.0 * st['uncovered'] / st['houses'],
                 st['planned_only'], st['korpus'], st['stroenie'], st['letter'], st['corner'],
                 ocount[code]['office'], ocount[code]['terminal']))
        if verbose:
            for z in zl:
                print('    %-40s %-8s %-6s %-7s %6.2f km2' % (z[0]['id'], z[0]['service'], z[0]['technology'],
                                                           z[0]['status'], area_km2(z[1])))

    for e in errors:
        print('FAIL: ' + e, file=sys.stderr)
    print('%s (%d problems)' % ('FAILED' if errors else 'OK', len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
