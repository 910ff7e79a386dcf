#!/usr/bin/env python3
"""Writes N CRM account exports as JSON lines (about 840 bytes each), deterministic: the
input of the second mapping benchmark (account-to-customer.flow.ron).

    python3 benches/map/generate_accounts.py 1000000 > /tmp/accounts.jsonl
"""
import json
import random
import sys

TYPES = ["Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other"]
INDUSTRIES = ["Agriculture", "Construction", "Education", "Energy", "Financial Services", "Government",
              "Healthcare", "Hospitality", "Manufacturing", "Retail", "Technology", "Transportation"]
RATINGS = ["Hot", "Warm", "Cold", None]
COUNTRIES = ["United States", "United States", "Canada", "United Kingdom", "Germany", "France",
             "Netherlands", "Mexico", None]
CITIES = ["riverton", "LAKESIDE", "Port Elm", "st. augustine", "north harbor-on-sea", "Oakdale", "springfield"]
STREETS = ["Elm Street", "Harbor Road", "Market Square", "Industrial Park Way", "Mühlenweg", "Rue de la Gare"]
WORDS = ("key account renewal pending regional distributor credit check approved quarterly review "
         "volume pricing framework contract municipal tender onboarding logistics partner").split()
NAMES = ["Riverside Mall", "Harbor Hotel Group", "City of Lakeside", "Elm Street Cafe",
         "Northwind Traders", "Contoso Garden Supplies", "Fabrikam Municipal Services Cooperative",
         "Tailspin Outdoor Furniture and Landscaping International"]
SUFFIXES = ["", " Inc.", " LLC", " GmbH", " Holdings and Subsidiaries"]


def account(rng: random.Random, i: int) -> dict:
    country = rng.choice(COUNTRIES)
    name = rng.choice(NAMES) + rng.choice(SUFFIXES)
    if rng.random() < 0.1:
        name = " " + name + " "
    street = f"{rng.randint(1, 999)} {rng.choice(STREETS)}"
    city = rng.choice(CITIES)
    postal = f"{rng.randint(1000, 99999):05d}"
    billing = rng.random() < 0.8
    site = rng.choice(["www.", ""]) + name.strip().split(" ")[0].lower() + rng.choice(["", "-shop", "store"]) + ".example"
    return {
        "Id": f"0015g{i:013d}AAF",
        "Name": name,
        "AccountNumber": f"CRM-{rng.randint(0, 9999999):07d}",
        "Type": rng.choice(TYPES),
        "Industry": rng.choice(INDUSTRIES),
        "AnnualRevenue": rng.choice([None, rng.randint(50_000, 40_000_000)]),
        "NumberOfEmployees": rng.randint(1, 20000),
        "Rating": rng.choice(RATINGS),
        "Phone": f"+1 ({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
        "Website": rng.choice(["https://", "http://"]) + site,
        "BillingStreet": street if billing else None,
        "BillingCity": city if billing else "",
        "BillingPostalCode": postal if billing else None,
        "BillingState": rng.choice(["CA", "NY", "TX", "ON", None]),
        "BillingCountry": country,
        "ShippingStreet": street,
        "ShippingCity": city,
        "ShippingPostalCode": postal,
        "ShippingCountry": country,
        "ParentId": None if rng.random() < 0.7 else f"0015g{rng.randint(0, i + 1):013d}AAF",
        "OwnerId": f"0055g{rng.randint(0, 999):08d}AAA",
        "ErpCustomerNumber": None if rng.random() < 0.5 else str(rng.randint(1, 999999)),
        "PaymentTerms": rng.choice(["NET30", "NET45", "NET60", "PREPAID", None]),
        "Description": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 15))).capitalize() + ".",
        "IsDeleted": rng.random() < 0.02,
        "CreatedDate": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
        "LastModifiedDate": f"2026-11-{rng.randint(1, 21):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:30-05:00",
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20261205)
    out = sys.stdout
    for i in range(count):
        out.write(json.dumps(account(rng, i), separators=(",", ":"), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
