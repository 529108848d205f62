"""Results as plain dataclasses, copied out of the C results (which are then freed).

Enumerations become their stable lower-case names ("internet", "active",
"matched", "house_exact", ...), as in the CLI's --json output; to_dict()
gives the same shape as that output.
"""
from __future__ import annotations

import ctypes
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Tuple, cast

from . import _lib

SERVICES = ("internet", "tv")
ZONE_STATUSES = ("none", "active", "planned")
CITY_MATCHES = ("none", "zone", "nearest", "address", "lookup")
CITY_NONE = 0  # DOMCOV_CITY_NONE
MATCH_STATUSES = ("matched", "ambiguous", "not_found")
MATCH_LEVELS = ("none", "city", "street", "house_partial", "house_exact")
OFFICE_KINDS = ("any", "office", "terminal")

ADDR_TRANSLITERATED = 0x1
ADDR_AMBIGUOUS = 0x2


def _name(names: Tuple[str, ...], value: int) -> str:
    return names[value] if 0 <= value < len(names) else str(value)


def _s(raw: Optional[bytes]) -> Optional[str]:
    return None if raw is None else raw.decode("utf-8", "replace")


class _Dict:
    def to_dict(self) -> Dict[str, Any]:
        """A JSON-ready dict (nested results are dicts too)."""
        d: Dict[str, Any] = asdict(cast(Any, self))
        return d


@dataclass(frozen=True)
class StoreInfo(_Dict):
    format_version: int
    data_version: Optional[str]
    built_at: Optional[str]
    source: Optional[str]
    path: Optional[str]
    zones: int
    cities: int
    streets: int
    houses: int
    houses_with_point: int
    offices: int
    #: (min_lat, min_lon, max_lat, max_lon) of all zones; None when the store has none.
    bbox: Optional[Tuple[float, float, float, float]]

    @classmethod
    def _from_c(cls, c: _lib.StoreInfoC) -> "StoreInfo":
        return cls(c.format_version, _s(c.data_version), _s(c.built_at), _s(c.source),
                   _s(c.path), c.zones, c.cities, c.streets, c.houses, c.houses_with_point,
                   c.offices,
                   (c.min_lat, c.min_lon, c.max_lat, c.max_lon) if c.has_bbox else None)


@dataclass(frozen=True)
class ServiceResult(_Dict):
    service: str                    # "internet" or "tv"
    available: bool                 # an active zone covers the point
    status: str                     # "none", "active", "planned": the best covering zone
    technology: Optional[str]       # "FTTB", "GPON", "DOCSIS"; None when status is "none"
    zone_id: Optional[str]
    #: Not available: geodesic metres to the nearest active zone (None: the store has none).
    #: 0.0 when available.
    distance_m: Optional[float]
    nearest_zone_id: Optional[str]

    @classmethod
    def _from_c(cls, c: _lib.ServiceResultC) -> "ServiceResult":
        return cls(_name(SERVICES, c.service), bool(c.available), _name(ZONE_STATUSES, c.status),
                   _s(c.technology), _s(c.zone_id),
                   None if c.distance_m < 0 else c.distance_m, _s(c.nearest_zone_id))


@dataclass(frozen=True)
class ZoneHit(_Dict):
    zone_id: Optional[str]
    service: str
    status: str                     # "active" or "planned"
    technology: Optional[str]
    name: Optional[str]

    @classmethod
    def _from_c(cls, c: _lib.ZoneHitC) -> "ZoneHit":
        return cls(_s(c.zone_id), _name(SERVICES, c.service), _name(ZONE_STATUSES, c.status),
                   _s(c.technology), _s(c.name))


@dataclass(frozen=True)
class City(_Dict):
    """The city of a point (PointResult.city)."""
    match: str                      # "none", "zone" (a zone of the city covers the point), "nearest"
    code: Optional[str]             # "perm"; None when match is "none"
    name: Optional[str]
    type: Optional[str]
    region: Optional[str]
    support_phone: Optional[str]    # for subscribers
    sales_phone: Optional[str]      # for new connections
    distance_m: Optional[float]     # to the city centre; None when match is "none"

    @classmethod
    def _from_c(cls, c: _lib.CityC) -> "City":
        return cls(_name(CITY_MATCHES, c.match), _s(c.code), _s(c.name), _s(c.type),
                   _s(c.region), _s(c.support_phone), _s(c.sales_phone),
                   c.distance_m if c.match != CITY_NONE and c.distance_m >= 0 else None)


@dataclass(frozen=True)
class AddressCity(_Dict):
    """A city with its phones: the city an address names or its street belongs
    to (AddressResult.city, known even when the house is not, or has no
    point), and the store's cities (Database.cities(), Database.city())."""
    code: Optional[str]             # "perm"
    name: Optional[str]             # "Пермь"
    type: Optional[str]             # "г"
    region: Optional[str]           # "Пермский край"
    support_phone: Optional[str]    # for subscribers
    sales_phone: Optional[str]      # for new connections

    @classmethod
    def _from_c(cls, c: _lib.CityC) -> "Optional[AddressCity]":
        if c.match == CITY_NONE:
            return None
        return cls(_s(c.code), _s(c.name), _s(c.type), _s(c.region), _s(c.support_phone),
                   _s(c.sales_phone))


class _Services:
    """The services of a point's answer: .internet and .tv."""
    internet: Any
    tv: Any

    @property
    def services(self) -> Dict[str, Any]:
        return {"internet": self.internet, "tv": self.tv}

    @property
    def covered(self) -> bool:
        """Some service is available (connectable now) at the point."""
        return bool(self.internet.available or self.tv.available)

    def _services_dict(self) -> Dict[str, Any]:
        """"covered" and "services" of to_dict(): each service without its "service" key."""
        def svc(s: Any) -> Dict[str, Any]:
            d: Dict[str, Any] = asdict(s)
            del d["service"]
            return d
        return {"covered": self.covered,
                "services": {"internet": svc(self.internet), "tv": svc(self.tv)}}


@dataclass(frozen=True)
class PointResult(_Services):
    lat: float
    lon: float
    internet: ServiceResult
    tv: ServiceResult
    city: Optional[City]  # None when checked with city=False
    zones: List[ZoneHit] = field(default_factory=list)  # every covering zone, best first

    def to_dict(self) -> Dict[str, Any]:
        return {"lat": self.lat, "lon": self.lon, **self._services_dict(),
                "city": self.city.to_dict() if self.city else None,
                "zones": [z.to_dict() for z in self.zones]}

    @classmethod
    def _from_c(cls, c: _lib.PointResultC, *, city: bool = True) -> "PointResult":
        return cls(c.lat, c.lon, ServiceResult._from_c(c.services[0]),
                   ServiceResult._from_c(c.services[1]), City._from_c(c.city) if city else None,
                   [ZoneHit._from_c(c.zones[i]) for i in range(c.zone_count)])


@dataclass(frozen=True)
class ServiceStatus(_Dict):
    """One service of a status-only check (Database.point_status)."""
    service: str                    # "internet" or "tv"
    available: bool                 # an active zone of the service covers the point
    status: str                     # "none", "active", "planned": the best covering zone
    technology: Optional[str]       # the best covering zone's; None when status is "none"
    zone_id: Optional[str]

    @classmethod
    def _from_c(cls, c: _lib.ServiceStatusC) -> "ServiceStatus":
        return cls(_name(SERVICES, c.service), bool(c.available), _name(ZONE_STATUSES, c.status),
                   _s(c.technology), _s(c.zone_id))


@dataclass(frozen=True)
class PointStatus(_Services):
    """What covers a point, without distances, city or the zone list
    (Database.point_status): the same services as check_point gives."""
    lat: float
    lon: float
    internet: ServiceStatus
    tv: ServiceStatus
    zone_count: int                 # zones covering the point, all services

    def to_dict(self) -> Dict[str, Any]:
        return {"lat": self.lat, "lon": self.lon, **self._services_dict(),
                "zone_count": self.zone_count}

    @classmethod
    def _from_c(cls, lat: float, lon: float, c: _lib.PointStatusC) -> "PointStatus":
        return cls(lat, lon, ServiceStatus._from_c(c.services[0]),
                   ServiceStatus._from_c(c.services[1]), c.zone_count)


_ADDRESS_PARTS = ("postcode", "country", "region", "region_type", "district", "district_type",
                  "city", "city_type", "street", "street_type", "house", "letter", "korpus",
                  "stroenie", "flat", "flat_type")


@dataclass(frozen=True)
class Address(_Dict):
    """domcov_normalize's reading of a free-text address; absent parts are None."""
    canonical: Optional[str]
    postcode: Optional[str] = None
    country: Optional[str] = None
    region: Optional[str] = None
    region_type: Optional[str] = None
    district: Optional[str] = None
    district_type: Optional[str] = None
    city: Optional[str] = None
    city_type: Optional[str] = None
    street: Optional[str] = None
    street_type: Optional[str] = None
    house: Optional[str] = None
    letter: Optional[str] = None
    korpus: Optional[str] = None
    stroenie: Optional[str] = None
    flat: Optional[str] = None
    flat_type: Optional[str] = None
    transliterated: bool = False
    ambiguous: bool = False

    @classmethod
    def _from_c(cls, c: _lib.AddressC) -> "Address":
        parts = {name: _s(getattr(c, name)) for name in _ADDRESS_PARTS}
        return cls(_s(c.canonical), transliterated=bool(c.flags & ADDR_TRANSLITERATED),
                   ambiguous=bool(c.flags & ADDR_AMBIGUOUS), **parts)


@dataclass(frozen=True)
class Candidate(_Dict):
    address: Optional[str]          # "г. Пермь, ул. Ленина, д. 50 корп. 2"
    house_id: Optional[str]         # None for a street candidate
    city_code: Optional[str]
    match_level: str
    score: float                    # 0..1, higher is closer
    lat: Optional[float]            # None when the register has no point
    lon: Optional[float]

    @classmethod
    def _from_c(cls, c: _lib.CandidateC) -> "Candidate":
        return cls(_s(c.address), _s(c.house_id), _s(c.city_code),
                   _name(MATCH_LEVELS, c.match_level), c.score,
                   c.lat if c.has_point else None, c.lon if c.has_point else None)


class _Match:
    """What check() and check_status() answer alike: .status and .coverage."""
    status: str
    coverage: Any

    @property
    def matched(self) -> bool:
        return self.status == "matched"

    @property
    def ambiguous(self) -> bool:
        return self.status == "ambiguous"

    @property
    def covered(self) -> bool:
        """Some service is available at the house (False without a point)."""
        return self.coverage is not None and self.coverage.covered


@dataclass(frozen=True)
class AddressResult(_Match):
    query: str
    status: str                     # "matched", "ambiguous", "not_found"
    match_level: str                # "none", "city", "street", "house_partial", "house_exact"
    qc_house: int                   # 2 exact, 3 extension differs, 10 not found (as DaData)
    street_fuzzy: bool              # the street was found only with typo tolerance
    address: Optional[str]          # display address of what was matched
    house_id: Optional[str]
    city_code: Optional[str]
    lat: Optional[float]            # the house's point, None when unknown
    lon: Optional[float]
    coverage: Optional[PointResult]  # coverage at the house, None without a point
    parsed: Optional[Address]
    candidates: List[Candidate] = field(default_factory=list)
    #: The matched city and its phones whenever the city is known (also for
    #: ambiguous answers, streets, houses without a point); None otherwise.
    city: Optional[AddressCity] = None

    def to_dict(self) -> Dict[str, Any]:
        return {"query": self.query, "status": self.status, "match_level": self.match_level,
                "qc_house": self.qc_house, "street_fuzzy": self.street_fuzzy,
                "covered": self.covered, "address": self.address, "house_id": self.house_id,
                "city_code": self.city_code, "lat": self.lat, "lon": self.lon,
                "coverage": self.coverage.to_dict() if self.coverage else None,
                "city": self.city.to_dict() if self.city else None,
                "parsed": self.parsed.to_dict() if self.parsed else None,
                "candidates": [c.to_dict() for c in self.candidates]}

    @classmethod
    def _from_c(cls, query: str, c: _lib.AddressResultC, *,
                coverage_city: bool = True) -> "AddressResult":
        has = bool(c.has_point)
        cov = PointResult._from_c(c.coverage.contents, city=coverage_city) if c.coverage else None
        return cls(query, _name(MATCH_STATUSES, c.status), _name(MATCH_LEVELS, c.match_level),
                   c.qc_house, bool(c.street_fuzzy), _s(c.address), _s(c.house_id),
                   _s(c.city_code), c.lat if has else None, c.lon if has else None,
                   cov,
                   Address._from_c(c.parsed.contents) if c.parsed else None,
                   [Candidate._from_c(c.candidates[i]) for i in range(c.candidate_count)],
                   AddressCity._from_c(c.city))


@dataclass(frozen=True)
class AddressStatus(_Match):
    """The status-only address check (Database.check_status): the fields of
    check()'s answer less the display address, the address's city, the parsed
    address and the candidates; .coverage is a PointStatus (no distances,
    coverage city or zone list).  The same answer as check(text,
    distance=False, coverage_city=False) on every field they share."""
    query: str
    status: str                     # "matched", "ambiguous", "not_found"
    match_level: str                # "none", "city", "street", "house_partial", "house_exact"
    qc_house: int                   # 2 exact, 3 extension differs, 10 not found (as DaData)
    street_fuzzy: bool              # the street was found only with typo tolerance
    house_id: Optional[str]
    city_code: Optional[str]
    lat: Optional[float]            # the house's point, None when unknown
    lon: Optional[float]
    coverage: Optional[PointStatus]  # at the house (its lat/lon), None without a point

    def to_dict(self) -> Dict[str, Any]:
        return {"query": self.query, "status": self.status, "match_level": self.match_level,
                "qc_house": self.qc_house, "street_fuzzy": self.street_fuzzy,
                "covered": self.covered, "house_id": self.house_id,
                "city_code": self.city_code, "lat": self.lat, "lon": self.lon,
                "coverage": self.coverage.to_dict() if self.coverage else None}

    @classmethod
    def _from_c(cls, query: str, c: _lib.AddressStatusC) -> "AddressStatus":
        has = bool(c.has_point)
        return cls(query, _name(MATCH_STATUSES, c.status), _name(MATCH_LEVELS, c.match_level),
                   c.qc_house, bool(c.street_fuzzy), _s(c.house_id), _s(c.city_code),
                   c.lat if has else None, c.lon if has else None,
                   PointStatus._from_c(c.lat, c.lon, c.coverage) if has else None)


@dataclass(frozen=True)
class Suggestion(_Dict):
    text: Optional[str]             # what to show: "ул. Малышева, д. 5"
    value: Optional[str]            # the full address to put in the input
    city_code: Optional[str]
    house_id: Optional[str]         # None unless a house
    is_house: bool

    @classmethod
    def _from_c(cls, c: _lib.SuggestionC) -> "Suggestion":
        return cls(_s(c.text), _s(c.value), _s(c.city_code), _s(c.house_id), bool(c.is_house))


@dataclass(frozen=True)
class ImportReport(_Dict):
    read: int
    imported: int
    updated: int
    without_point: int
    repaired: int
    rejected: int
    deleted: int
    messages: List[str] = field(default_factory=list)

    @classmethod
    def _from_c(cls, c: _lib.ImportReportC) -> "ImportReport":
        return cls(c.read, c.imported, c.updated, c.without_point, c.repaired, c.rejected,
                   c.deleted, [_s(c.messages[i]) or "" for i in range(c.message_count)])


@dataclass(frozen=True)
class ImportProgress(_Dict):
    done: int
    total: Optional[int]            # None when not known in advance (offices CSV, a pipe)
    finished: bool


@dataclass(frozen=True)
class Office(_Dict):
    id: Optional[str]
    kind: str                       # "office" or "terminal"
    name: Optional[str]
    address: Optional[str]
    hours: Optional[str]
    city_code: Optional[str]
    lat: float
    lon: float
    distance_m: float

    @classmethod
    def _from_c(cls, c: _lib.OfficeC) -> "Office":
        return cls(_s(c.id), _name(OFFICE_KINDS, c.kind), _s(c.name), _s(c.address),
                   _s(c.hours), _s(c.city_code), c.lat, c.lon, c.distance_m)


class Export(str):
    """GeoJSON text of exported zones: a str (the RFC 7946 FeatureCollection,
    one feature a line) that also tells how many zones it holds."""

    features: int  #: zones written

    def __new__(cls, text: str, features: int) -> "Export":
        self = super().__new__(cls, text)
        self.features = features
        return self

    @property
    def text(self) -> str:
        """The GeoJSON as a plain str."""
        return str.__str__(self)

    def to_dict(self) -> Dict[str, Any]:
        return {"features": self.features, "text": self.text}

    def __repr__(self) -> str:
        return f"<domcov.Export of {self.features} zone(s), {len(self)} characters>"

    def __reduce__(self) -> Any:
        return (Export, (self.text, self.features))

    @classmethod
    def _from_c(cls, c: _lib.ExportC) -> "Export":
        raw = ctypes.string_at(c.text, c.length) if c.text else b""
        return cls(raw.decode("utf-8", "replace"), c.features)
