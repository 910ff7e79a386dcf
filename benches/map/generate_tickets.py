#!/usr/bin/env python3
"""Writes N service requests of a city's 311 desk as JSON lines (about 840 bytes each),
deterministic: the input of the third mapping benchmark (ticket-to-work-order.flow.ron).

    python3 benches/map/generate_tickets.py 1000000 > /tmp/tickets.jsonl

Like a real export, it is untidy: priorities in any letter case, names and addresses with
stray spaces, phone numbers in five shapes, date-times in the offsets of the intake
channels (the phone system writes Chicago time, the app UTC), blanks as null or "".
"""
import datetime
import json
import random
import sys

SUBCATEGORIES = {
    "Streets": ["Pothole", "Sidewalk Damage", "Curb Repair", "Street Cave-In"],
    "Streetlights": ["Light Out", "Light Flickering", "Pole Knocked Down"],
    "Sanitation": ["Missed Pickup", "Illegal Dumping", "Overflowing Bin", "Dead Animal"],
    "Parks": ["Fallen Tree", "Broken Bench", "Playground Damage", "Overgrown Grass"],
    "Water": ["Water Main Break", "Hydrant Leaking", "Sewer Backup", "No Water"],
    "Graffiti": ["Graffiti on Building", "Graffiti on Sign"],
    "Traffic Signals": ["Signal Out", "Signal Timing", "Sign Missing"],
    "Noise": ["Construction Noise", "Loud Music"],
}
CATEGORIES = list(SUBCATEGORIES)
PRIORITIES = ["Emergency", "High", "Normal", "Normal", "Normal", "Low", "high", "NORMAL", "low", None]
STATUSES = ["New", "Open", "Open", "In Progress", "On Hold", "Closed", "Closed", "Closed", "Duplicate"]
CHANNELS = ["Phone", "Mobile App", "Web", "Email", "Walk-in"]
FIRST = ["dana", "Mary", "JOSÉ", "tom", "Li", "Aisha", "robert", "Ngozi", "Kevin", "mary-kate"]
LAST = ["okafor", "O'Neil", "GARCÍA", "Baker", "Nguyen", "Rahman", "mcdonald", "Adeyemi", "Schmidt", "van der berg"]
STREETS = ["N Elm St", "W Harbor Rd", "S Market St", "E 5th Ave", "N Lake Shore Dr", "W Riverside Blvd",
           "S Oak Park Ave", "Industrial Pkwy", "Mill Creek Rd"]
UNITS = ["Apt 4B", "Unit 12", "Rear", "Suite 200"]
WORDS = ("large deep near the corner crosswalk hazard school bus stop residents reported again since last week "
         "blocking traffic lane cyclists swerve water pooling dark at night car damaged tire tree branch fell "
         "on sidewalk children playground broken glass smell overflowing please send crew urgent").split()
# The offsets the intake channels write: Chicago standard and daylight time, UTC two ways.
OFFSETS = ["-06:00", "-06:00", "-05:00", "Z", "+00:00"]
EXPORTED = datetime.datetime(2026, 11, 21, 23)
ASSET_PREFIX = {"Streetlights": "SL", "Traffic Signals": "TS", "Water": "HY", "Parks": "PK"}


def stamp(moment: datetime.datetime, offset: str) -> str:
    """The moment (UTC) as RFC 3339 in the given offset."""
    hours = 0 if offset in ("Z", "+00:00") else int(offset[:3])
    local = moment + datetime.timedelta(hours=hours)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + offset


def phone(rng: random.Random) -> str:
    area, exchange, line = rng.randint(200, 999), rng.randint(200, 999), rng.randint(0, 9999)
    return rng.choice([
        f"({area}) {exchange}-{line:04d}",
        f"{area}-{exchange}-{line:04d}",
        f"{area}.{exchange}.{line:04d}",
        f"+1 {area} {exchange} {line:04d}",
        f"1-{area}-{exchange}-{line:04d}",
    ])


def address(rng: random.Random) -> str:
    street = rng.choice(STREETS)
    kind = rng.random()
    if kind < 0.15:
        # An intersection.
        return f"{street} & {rng.choice(STREETS)}"
    number = f"{rng.randint(1, 9999)} {street}"
    if kind < 0.3:
        number += ", " + rng.choice(UNITS)
    if kind > 0.9:
        number = " " + number.lower() + "  "
    return number


def ticket(rng: random.Random, i: int) -> dict:
    category = rng.choice(CATEGORIES)
    status = rng.choice(STATUSES)
    opened = datetime.datetime(2026, 1, 1) + datetime.timedelta(seconds=rng.randint(0, 324 * 86400))
    closed = None
    if status in ("Closed", "Duplicate"):
        # Closed within 40 days, and before the export ran (2026-11-21, 23:00 UTC).
        latest = min(40 * 86400, int((EXPORTED - opened).total_seconds()))
        closed = stamp(opened + datetime.timedelta(seconds=rng.randint(600, latest)), rng.choice(OFFSETS))
    anonymous = rng.random() < 0.15
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = f"{first} {last}"
    if rng.random() < 0.1:
        name = f" {first}  {last} "
    gps = rng.random() < 0.85
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 40))]
    description = " ".join(words).capitalize() + "."
    if rng.random() < 0.1:
        description = description.replace(" ", "  ", 1) + ' Caller said "ASAP".'
    hours = None if rng.random() < 0.2 else rng.randint(1, 64) / 4
    due = None
    if rng.random() < 0.6:
        due = (opened + datetime.timedelta(days=rng.randint(1, 30))).date().isoformat()
    asset = None
    if category in ASSET_PREFIX and rng.random() < 0.7:
        asset = f"{ASSET_PREFIX[category]}-{rng.randint(0, 99999):06d}"
    return {
        "Id": f"SR-{opened.year}-{i:07d}",
        "Category": category,
        "Subcategory": rng.choice(SUBCATEGORIES[category]),
        "Priority": rng.choice(PRIORITIES),
        "Status": status,
        "Channel": rng.choice(CHANNELS),
        "Description": description,
        "ReporterName": None if anonymous else name,
        "ReporterEmail": None if anonymous or rng.random() < 0.3 else
        f"{first}.{last}@example.org".replace(" ", "").replace("'", "").upper() if rng.random() < 0.1 else
        f"{first}.{last}@example.org".replace(" ", "").replace("'", "").lower(),
        "ReporterPhone": None if anonymous or rng.random() < 0.2 else phone(rng),
        "Address": address(rng),
        "ZipCode": f"606{rng.randint(1, 61):02d}",
        "District": rng.choice(["Ward ", "Ward ", "WARD "]) + str(rng.randint(1, 50)),
        "Latitude": round(41.64 + rng.random() * 0.38, 7) if gps else None,
        "Longitude": round(-87.94 + rng.random() * 0.42, 7) if gps else None,
        "OpenedAt": stamp(opened, rng.choice(OFFSETS)),
        "ClosedAt": closed,
        "DueDate": due,
        "EstimatedHours": hours,
        "IsEscalated": rng.random() < 0.08,
        "AssetId": asset,
        "AssignedCrew": rng.choice(["", "Crew 12", "Crew 7", "Night Crew", "Contractor"]),
        "ParcelId": f"{rng.randint(1, 33):02d}-{rng.randint(1, 36):02d}-{rng.randint(100, 499)}-{rng.randint(1, 60):03d}-0000",
        "Language": rng.choice(["en", "en", "en", "es", "pl", "zh"]),
        "CreatedBy": rng.choice(["agent.jsmith", "agent.mlopez", "mobile-app", "web-portal", "agent.tchen"]),
        "ResolutionNotes": None if closed is None else rng.choice(
            ["Repaired by crew.", "Duplicate of an earlier request.", "Referred to ComEd.", "No problem found on site."]),
        "SurveyOptIn": rng.random() < 0.4,
        "UpdatedAt": stamp(opened + datetime.timedelta(seconds=rng.randint(0, 86400)), "Z"),
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20261206)
    out = sys.stdout
    for i in range(count):
        out.write(json.dumps(ticket(rng, i), separators=(",", ":"), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
