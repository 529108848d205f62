#!/usr/bin/env python3
"""Writes the input files of tests/batch/cases/ (byte-exact: some hold invalid
UTF-8, NUL bytes, CRLF and BOMs, which an editor would not keep).  The
.expected files beside them are domcov batch's reviewed outputs; after an
intended change of the output, regenerate them with
    test_batch.py DOMCOV UNIT SAMPLE SCRATCH SOURCE_ROOT --update
and review the diff.  Points are on the unit store (tests/data/unit):
50.02,30.02 internet+tv active; 50.05,30.05 a hole (none); 50.05,30.35
planned internet; 10,10 far from everything."""
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")

CASES = {
    # Quoted fields with embedded delimiters, quotes and line breaks are kept verbatim.
    "points.csv": (
        b'id,name,lat,lon\n'
        b'1,"Smith, John",50.02,30.02\n'
        b'2,"line one\nline two",50.05,30.05\n'
        b'3,"say ""hi""",50.05,30.35\n'
        b'4,plain, 10 , 10\n'
        b'5,"crlf\r\ninside",-0.5,+0.5\n'
        b'6,exp,5.002e1,3.002E+1\n'
    ),
    # Every kind of bad row, between good rows: each one gives exactly one invalid row.
    "bad_rows.csv": (
        b'id,lat,lon\n'
        b'1,50.02,30.02\n'
        b'2,50.02,30.0\xff2\n'              # invalid UTF-8
        b'3,50.02,"30.02\n'                 # unbalanced quote (ends at the line break)
        b'4,50.02,30.02\n'
        b'5,50.02\n'                        # too few fields
        b'6,50.02,30.02,extra\n'            # too many fields
        b'7,abc,30.02\n'                    # not a number
        b'8,91,30.02\n'                     # out of range
        b'9,50.02,-180.5\n'
        b'10,nan,30.02\n'
        b'11,1e999,30.02\n'
        b'12,50.02,\n'                      # half a pair
        b'13,,\n'                           # nothing to check
        b'14,50.0\x002,30.02\n'             # NUL byte
        b'\n'                               # empty line: one field, not three
        b'15,50"02,30.02\n'                 # stray quote in an unquoted field
        b'16,"50.02"x,30.02\n'              # text after a closing quote
        b'17,50.02,30.02\n'
    ),
    # Detected delimiters; decimal commas in a ;-file.
    "semicolon.csv": (
        b'id;lat;lon;comment\n'
        b'1;50,02;30,02;"a; b"\n'
        b'2;50.05;30.35;c,d\n'
    ),
    "tab.tsv": (
        b'id\tlatitude\tlongitude\n'
        b'1\t50.02\t30.02\n'
        b'2\t10\t10\n'
    ),
    # A BOM and CRLF line ends (as Excel writes); the BOM is kept in CSV output.
    "bom.csv": (
        b'\xef\xbb\xbfid;lat;lon\r\n'
        b'1;50.02;30.02\r\n'
        b'2;50.05;30.05\r\n'
    ),
    "empty.csv": b'',
    "header_only.csv": b'id,lat,lon\n',
    # JSON Lines: members kept, numbers or strings as coordinates, bad lines invalid.
    "rows.jsonl": (
        b'{"id":1,"lat":50.02,"lon":30.02,"tags":["a",{"b":null}]}\n'
        b'{"id":2,"lat":"50.05","lon":"30.35"}\n'
        b'  {"id":3, "lat": 10, "lon": 10 }  \n'
        b'[1,2,3]\n'
        b'42\n'
        b'{"id":6,"lat":50.02,\n'
        b'\n'
        b'{"id":8,"lat":50.02,"lon":30.0\xff}\n'
        b'{"id":9,"lat":true,"lon":30.02}\n'
        b'{"id":10,"lat":95,"lon":30.02}\n'
        b'{"id":11}\n'
        b'{}\n'
        b'{"id":13,"lat":50.02,"lon":30.02}\r\n'
        b'{"id":14,"lat":50.02,"lon":30.02}'
    ),
    # Named coordinate columns.
    "columns.csv": (
        b'Y,X,other_lat\n'
        b'50.02,30.02,1\n'
    ),
    # Addresses (need the address matcher): matched, ambiguous, street only,
    # a house without coordinates, not found, coordinates winning over the
    # address, nothing, invalid UTF-8.
    "addresses.csv": (
        'id,address,lat,lon\n'
        '1,"Тестоград, ул. Ленина, д. 1",,\n'
        '2,"Тестоград, Ленина 3а к2",,\n'
        '2b,"Тестоград, Ленина 3",,\n'
        '3,"Тестоград, Ленина",,\n'
        '4,"Тестоград, 8 Марта 10",,\n'
        '5,"Нигдеград, Нет такой 1",,\n'
        '6,"Тестоград, Ленина 1",50.05,30.35\n'
        '7,,,\n'
    ).encode() + b'8,"' + 'Тестоград, Ленина 1'.encode() + b'\xff",,\n',
    # --city for addresses without one; members of other types are invalid.
    "addresses.jsonl": (
        '{"address":"Ленина 1","note":"--city testgrad"}\n'
        '{"address":["not","a","string"]}\n'
        '{"address":null,"lat":null,"lon":null}\n'
    ).encode(),
}


def main():
    os.makedirs(HERE, exist_ok=True)
    for name, data in CASES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
