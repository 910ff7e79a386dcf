#!/usr/bin/env python3
"""The work-order mapping of ticket-to-work-order.flow.ron as a plain Python script.

    python3 benches/map/transform_tickets.py < tickets.jsonl > work_orders.jsonl

NOW and TODAY are the time run.sh pins with `--now`. Numbers are read and computed as
decimals, as Switchboard computes them; text compares without regard to case where
Switchboard's = and SWITCH do, and LOOKUP's value maps match exactly.
"""
import datetime
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

CITY = ZoneInfo("America/Chicago")
NOW = datetime.datetime(2026, 11, 22, tzinfo=datetime.timezone.utc)
TODAY = NOW.date()
DEPARTMENT = {"Graffiti": "Streets and Sanitation", "Noise": "Buildings", "Parks": "Parks",
              "Sanitation": "Streets and Sanitation", "Streetlights": "Transportation",
              "Streets": "Public Works", "Traffic Signals": "Transportation", "Water": "Water"}
STATE = {"In Progress": "Work In Progress", "New": "Ready", "On Hold": "On Hold", "Open": "Assigned"}
PRIORITY = {"emergency": 1, "high": 2, "low": 4}
SLA_DAYS = {"emergency": 1, "high": 3, "low": 20}
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RATE, OVERTIME, DEFAULT_HOURS = Decimal("68.5"), Decimal("1.5"), Decimal(2)


def blank(v):
    return v is None or v == ""


def text(v):
    return "" if v is None else v


def trim(s):
    return " ".join(w for w in text(s).split(" ") if w)


def proper(s):
    out, after_letter = [], False
    for c in s:
        out.append((c.lower() if after_letter else c.upper()) if c.isalpha() else c)
        after_letter = c.isalpha()
    return "".join(out)


def fold(s):
    """Text as = and SWITCH compare it: without regard to case."""
    return text(s).lower()


def rounded(n, places):
    """ROUND: decimal, halves away from zero."""
    return n.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fixed4(n):
    """TEXT(n, "0.0000")."""
    q = rounded(abs(n), 4)
    return ("-" if n < 0 and q != 0 else "") + f"{q:.4f}"


def number(d):
    """A decimal as JSON writes it: whole numbers as integers."""
    if d is None:
        return None
    d = d.normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def moment(s):
    return datetime.datetime.fromisoformat(s)


def rfc3339(z):
    return z.isoformat()


def map_record(r: dict) -> dict:
    escalated = r.get("IsEscalated") is True
    priority = fold(r.get("Priority"))
    opened = moment(r["OpenedAt"])
    local = opened.astimezone(CITY)
    closed = r.get("ClosedAt")
    address = text(r.get("Address"))
    comma = address.find(",")
    street = trim(address[:comma] if comma >= 0 else address).upper()
    district = r["District"]
    description = trim(r.get("Description"))
    if len(description) > 80:
        description = description[:77] + "..."
    name = proper(trim(r.get("ReporterName")))
    asset = r.get("AssetId")
    lat, lon = r.get("Latitude"), r.get("Longitude")
    due = r.get("DueDate")
    hours = r.get("EstimatedHours")
    cost = (DEFAULT_HOURS if blank(hours) else hours) * RATE * (OVERTIME if escalated else 1)
    end = NOW if blank(closed) else moment(closed)
    seconds = int(end.timestamp()) - int(opened.timestamp())
    status = r.get("Status")
    if fold(status) == "duplicate":
        state = "Canceled"
    elif not blank(closed):
        state = "Closed Complete"
    else:
        state = STATE.get(text(status), "Ready")
    phone = text(r.get("ReporterPhone"))
    for c in "()-. ":
        phone = phone.replace(c, "")
    return {
        "WorkOrderNumber": "WO-" + r["Id"][5:7] + "-" + r["Id"][-7:],
        "ExternalReference": r["Id"],
        "Department": DEPARTMENT.get(text(r.get("Category")), "Public Works"),
        "WorkType": work_type(r),
        "Priority": 1 if escalated else PRIORITY.get(priority, 3),
        "Summary": description or r.get("Subcategory"),
        "Details": r["Subcategory"] + " reported by " + (name or "an anonymous resident") + " via "
        + text(r.get("Channel")).lower() + " on "
        + f"{DAYS[local.weekday()]}, {MONTHS[local.month - 1]} {local.day}, {local.year} at "
        + f"{(local.hour + 11) % 12 + 1}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
        + ("" if blank(asset) else " (asset " + asset + ")"),
        "Street": street or "SEE GRID REFERENCE",
        "Ward": int(Decimal(district[district.find(" ") + 1:][:3].strip())),
        "Latitude": None if blank(lat) else number(rounded(lat, 5)),
        "Longitude": None if blank(lon) else number(rounded(lon, 5)),
        "GridReference": "NO GPS - see street" if blank(lat) or blank(lon) else fixed4(lat) + "," + fixed4(lon),
        "ReportedAt": rfc3339(local),
        "DueDate": due if not blank(due) else
        (local.date() + datetime.timedelta(days=1 if escalated else SLA_DAYS.get(priority, 10))).isoformat(),
        "DaysOpen": number(rounded(Decimal(seconds) / 86400, 1)),
        "State": state,
        "EstimatedCost": number(rounded(cost, 2)),
        "ContactName": name or "Anonymous",
        "ContactPhone": phone[-10:],
        "ContactEmail": trim(r.get("ReporterEmail")).lower(),
        "AfterHours": local.isoweekday() > 5 or local.hour >= 18 or local.hour < 7,
        "Overdue": blank(closed) and not blank(due) and datetime.date.fromisoformat(due) < TODAY,
    }


def work_type(r: dict) -> str:
    sub = text(r.get("Subcategory"))
    if fold(r.get("Category")) == "sanitation":
        return "Collection"
    if fold(sub) == "pothole" or sub.endswith((" Out", " Damage", " Down")):
        return "Repair"
    if sub.startswith("Graffiti"):
        return "Cleanup"
    return "Inspection"


def main() -> None:
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            record = map_record(json.loads(line, parse_float=Decimal))
            out.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
