#!/usr/bin/env python3
"""Writes the CRS fixtures of tests/cases/import.tsv, computing projected
coordinates without PROJ, so the import's reprojection is checked against
independent numbers:

  EPSG:3857   spherical Mercator: x = R*lon, y = R*ln(tan(pi/4 + lat/2)), R = 6378137
  EPSG:326NN  UTM north: Krueger's series to n^6 (Karney 2011, "Transverse
              Mercator with an accuracy of a few nanometers"), k0 = 0.9996,
              false easting 500 km

Every feature carries its WGS84 ring as the property "wgs84"; the test
compares the imported vertices with it.  Run it from anywhere; it rewrites
the crs_*.geojson files beside itself.  Also prints Vincenty distances for
tests/cases/offices.tsv (python3 make_fixtures.py --distances).
"""
import json
import math
import os
import sys

A_WGS84 = 6378137.0
F_WGS84 = 1 / 298.257223563


def mercator(lon, lat):
    return [A_WGS84 * math.radians(lon),
            A_WGS84 * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))]


def utm(zone):
    n = F_WGS84 / (2 - F_WGS84)
    big_a = A_WGS84 / (1 + n) * (1 + n**2 / 4 + n**4 / 64 + n**6 / 256)
    alpha = [
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180 - 127 * n**5 / 288 + 7891 * n**6 / 37800,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440 + 281 * n**5 / 630 - 1983433 * n**6 / 1935360,
        61 * n**3 / 240 - 103 * n**4 / 140 + 15061 * n**5 / 26880 + 167603 * n**6 / 181440,
        49561 * n**4 / 161280 - 179 * n**5 / 168 + 6601661 * n**6 / 7257600,
        34729 * n**5 / 80640 - 3418889 * n**6 / 1995840,
        212378941 * n**6 / 319334400,
    ]
    lon0 = math.radians(zone * 6 - 183)
    k0, e0 = 0.9996, 500000.0
    c = 2 * math.sqrt(n) / (1 + n)

    def fwd(lon, lat):
        phi, dl = math.radians(lat), math.radians(lon) - lon0
        t = math.sinh(math.atanh(math.sin(phi)) - c * math.atanh(c * math.sin(phi)))
        xi = math.atan2(t, math.cos(dl))
        eta = math.atanh(math.sin(dl) / math.sqrt(1 + t * t))
        e = eta + sum(a * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, a in enumerate(alpha, 1))
        nn = xi + sum(a * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, a in enumerate(alpha, 1))
        return [e0 + k0 * big_a * e, k0 * big_a * nn]
    return fwd


def square(lon, lat, d):
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]


def feature(fid, ring, proj, hole=None):
    rings = [[proj(*p) for p in ring]] + ([[proj(*p) for p in hole]] if hole else [])
    return {"type": "Feature",
            "properties": {"id": fid, "service": "internet", "technology": "GPON", "wgs84": ring},
            "geometry": {"type": "Polygon", "coordinates": rings}}


def collection(crs, features):
    fc = {"type": "FeatureCollection"}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    fc["features"] = features
    return fc


def write(name, fc):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(fc, ensure_ascii=False, indent=None).replace('}, {"type": "Feature"', '},\n{"type": "Feature"'))
        f.write("\n")


def vincenty(lat1, lon1, lat2, lon2):
    a, f = A_WGS84, F_WGS84
    b = a * (1 - f)
    L = math.radians(lon2 - lon1)
    U1, U2 = math.atan((1 - f) * math.tan(math.radians(lat1))), math.atan((1 - f) * math.tan(math.radians(lat2)))
    lam = L
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(math.cos(U2) * sl, math.cos(U1) * math.sin(U2) - math.sin(U1) * math.cos(U2) * cl)
        if ss == 0:
            return 0.0
        cs = math.sin(U1) * math.sin(U2) + math.cos(U1) * math.cos(U2) * cl
        sigma = math.atan2(ss, cs)
        sa = math.cos(U1) * math.cos(U2) * sl / ss
        c2a = 1 - sa * sa
        c2sm = cs - 2 * math.sin(U1) * math.sin(U2) / c2a if c2a else 0
        C = f / 16 * c2a * (4 + f * (4 - 3 * c2a))
        prev = lam
        lam = L + (1 - C) * f * sa * (sigma + C * ss * (c2sm + C * cs * (-1 + 2 * c2sm * c2sm)))
        if abs(lam - prev) < 1e-13:
            break
    u2 = c2a * (a * a - b * b) / (b * b)
    A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    ds = B * ss * (c2sm + B / 4 * (cs * (-1 + 2 * c2sm * c2sm) - B / 6 * c2sm * (-3 + 4 * ss * ss) * (-3 + 4 * c2sm * c2sm)))
    return b * A * (sigma - ds)


def main():
    if "--distances" in sys.argv:
        for q, pts in [((50.05, 30.05), [("of-centre", 50.051, 30.051), ("tm-mira", 50.06, 30.06),
                                         ("tm-far", 50.2, 30.2), ("of-plan", 50.05, 30.35),
                                         ("geo-1", 50.0, 30.3), ("tm-twin", 50.3, 30.0)]),
                       ((58.0, 56.25), [("of-plan", 50.05, 30.35)])]:
            for name, lat, lon in pts:
                print(f"{q[0]},{q[1]} -> {name} ({lat},{lon}): {vincenty(q[0], q[1], lat, lon):.3f}")
        return
    perm = square(56.20, 58.00, 0.05)
    perm_hole = [[56.22, 58.02], [56.22, 58.03], [56.23, 58.03], [56.23, 58.02], [56.22, 58.02]]
    ekb = square(60.55, 56.80, 0.07)
    write("crs_3857.geojson", collection("urn:ogc:def:crs:EPSG::3857", [
        feature("merc-perm", perm, mercator, perm_hole),
        feature("merc-ekb", ekb, mercator)]))
    write("crs_32640.geojson", collection("EPSG:32640", [
        feature("utm40-perm", perm, utm(40), perm_hole),
        feature("utm40-west", square(54.10, 55.70, 0.04), utm(40))]))
    write("crs_32641_nocrs.geojson", collection(None, [
        feature("utm41-ekb", ekb, utm(41)),
        feature("utm41-east", square(65.50, 57.10, 0.05), utm(41))]))
    write("crs_member_wins.geojson", collection("urn:ogc:def:crs:EPSG::32641", [
        feature("wins-ekb", ekb, utm(41))]))
    write("crs84.geojson", collection("urn:ogc:def:crs:OGC:1.3:CRS84", [
        feature("crs84-perm", perm, lambda lon, lat: [lon, lat])]))

    def office(oid, kind, city, name, lon, lat, geometry="Point"):
        props = {"id": oid, "kind": kind, "name": name, "address": name + ", д. 1", "hours": "9-21"}
        if city:
            props["city"] = city
        coords = mercator(lon, lat) if geometry == "Point" else [[mercator(lon, lat)]]
        return {"type": "Feature", "properties": props, "geometry": {"type": geometry, "coordinates": coords}}
    write("offices_3857.geojson", collection("EPSG:3857", [
        office("of-plan", "office", "planovsk", "Дом.ру Плановск", 30.35, 50.05),
        office("geo-1", "terminal", None, "Терминал у дороги", 30.3, 50.0),
        office("of-centre", "office", "testgrad", "Дом.ру на Ленина (новые часы)", 30.051, 50.051),
        office("geo-bad", "terminal", None, "Не точка", 30.3, 50.0, "Polygon")]))


if __name__ == "__main__":
    main()
