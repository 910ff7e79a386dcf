#!/usr/bin/env python3
"""Writes N CRM opportunity exports as JSON lines (about 840 bytes each), deterministic.

    python3 benches/map/generate.py 1000000 > /tmp/opportunities.jsonl
"""
import json
import random
import sys

STAGES = ["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote",
          "Negotiation/Review", "Closed Won", "Closed Lost"]
TYPES = ["New Business", "Existing Business - Upgrade", "Renewal"]
SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Trade Show", "Marketing Automation", "Point of Sale"]
FORECAST = ["Pipeline", "Best Case", "Commit", "Closed", "Omitted"]
PLANTS = ["1000 Riverton", "2000 Lakeside", None]
PRODUCTS = ["Oak park bench 180 cm", "Planter XL, corten steel", "Solar garden lantern", "Ground anchor kit"]
WORDS = ("delivery install site survey municipal budget approval signed quote revised discount "
         "volume freight schedule warehouse crane access permit weekend pickup").split()


def record(rng: random.Random, i: int) -> dict:
    stage = rng.choice(STAGES)
    close = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    requested = None if rng.random() < 0.3 else f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {
        "Id": f"0065g{i:013d}AAF",
        "Name": f"{rng.choice(['Riverside Mall', 'Harbor Hotel', 'City of Lakeside', 'Elm Street Cafe'])} - {rng.randint(2, 120)} {rng.choice(PRODUCTS)}",
        "AccountId": f" 0015g{rng.randint(0, 99999):010d}AAF ",
        "StageName": stage,
        "Amount": rng.randint(500, 250000),
        "CurrencyIsoCode": rng.choice(["USD", "USD", "EUR", "CAD", None]),
        "CloseDate": close,
        "Probability": rng.choice([10, 20, 40, 60, 80, 90, 100]),
        "Type": rng.choice(TYPES),
        "LeadSource": rng.choice(SOURCES),
        "NextStep": " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))),
        "IsClosed": stage.startswith("Closed"),
        "IsWon": stage == "Closed Won",
        "ForecastCategory": rng.choice(FORECAST),
        "OwnerId": f"0055g{rng.randint(0, 999):08d}AAA",
        "CampaignId": None if rng.random() < 0.5 else f"7015g{rng.randint(0, 9999):09d}AAA",
        "Pricebook2Id": "01s5g00000AbCdEAAV",
        "PurchaseOrderNumber": None if rng.random() < 0.4 else f"PO-{rng.randint(10000, 99999)}",
        "RequestedDeliveryDate": requested,
        "ShippingPlant": rng.choice(PLANTS),
        "Description": " ".join(rng.choice(WORDS) for _ in range(rng.randint(19, 32))).capitalize() + ".",
        "CreatedDate": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:15:00Z",
        "LastModifiedDate": f"2026-11-{rng.randint(1, 21):02d}T{rng.randint(0, 23):02d}:45:00Z",
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20261122)
    out = sys.stdout
    for i in range(count):
        out.write(json.dumps(record(rng, i), separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
