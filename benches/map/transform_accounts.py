#!/usr/bin/env python3
"""The customer mapping of account-to-customer.flow.ron as a plain Python script.

    python3 benches/map/transform_accounts.py < accounts.jsonl > customers.jsonl
"""
import datetime
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

COUNTRY = {"Canada": "CA", "France": "FR", "Germany": "DE", "Mexico": "MX", "Netherlands": "NL",
           "United Kingdom": "GB", "United States": "US"}
CURRENCY = {"Canada": "CAD", "United Kingdom": "GBP", "Germany": "EUR", "France": "EUR", "Netherlands": "EUR"}
NOT_PHONE = re.compile(r"[^0-9+]")


def blank(v):
    return v is None or v == ""


def blankvalue(v, default):
    return default if blank(v) else v


def trim(s):
    return " ".join(w for w in s.split(" ") if w)


def proper(s):
    out, after_letter = [], False
    for c in s:
        out.append((c.lower() if after_letter else c.upper()) if c.isalpha() else c)
        after_letter = c.isalpha()
    return "".join(out)


def datetime_text(s):
    return datetime.datetime.fromisoformat(s).isoformat()


def map_record(r: dict) -> dict:
    revenue = blankvalue(r.get("AnnualRevenue"), 0)
    credit = min(Decimal(revenue) / 50, Decimal(250000))
    credit = (credit / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 1000
    name = trim(r["Name"])
    country = r.get("BillingCountry")
    kind = r.get("Type")
    if kind == "Customer - Channel":
        group = "Export"
    elif kind == "Partner":
        group = "Intercompany"
    else:
        group = "Public Sector" if r.get("Industry") == "Government" else "Domestic"
    if kind == "Customer - Channel":
        channel = "20 Retail"
    elif "shop" in r.get("Website", ""):
        channel = "30 Online"
    else:
        channel = "10 Direct"
    website = r.get("Website", "").replace("https://", "").replace("http://", "").replace("www.", "")
    return {
        "CustomerNumber": blankvalue(r.get("ErpCustomerNumber"), r["AccountNumber"][-6:]).rjust(10, "0")[:10],
        "Name": name[:35],
        "Name2": name[35:70],
        "SearchTerm": r["Name"].replace(" ", "")[:10].upper(),
        "CustomerGroup": group,
        "Street": blankvalue(r.get("BillingStreet"), r.get("ShippingStreet")),
        "PostalCode": blankvalue(r.get("BillingPostalCode"), r.get("ShippingPostalCode")),
        "City": proper(blankvalue(r.get("BillingCity"), r.get("ShippingCity"))),
        "Country": COUNTRY.get(blankvalue(country, "United States"), "US"),
        "Phone": NOT_PHONE.sub("", r["Phone"]),
        "Email": ("ap@" + website).lower(),
        "PaymentTerms": "NET60" if revenue >= 10000000 else blankvalue(r.get("PaymentTerms"), "NET30"),
        "CreditLimit": int(credit),
        "Currency": CURRENCY.get(country, "USD"),
        "SalesOrganization": "1000" if country in ("United States", "Canada") else "2000",
        "DistributionChannel": channel,
        "Blocked": bool(r.get("IsDeleted")) or r.get("Rating") == "Cold",
        "CrmAccountId": r["Id"],
        "CreatedOn": datetime_text(r["CreatedDate"]),
        "ChangedOn": datetime_text(r["LastModifiedDate"]),
    }


def main() -> None:
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(map_record(json.loads(line)), separators=(",", ":"), ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
