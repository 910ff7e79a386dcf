#!/usr/bin/env python3
"""The sales-order mapping of opportunity-export.flow.ron as a plain Python script.

    python3 benches/map/transform.py < opportunities.jsonl > orders.jsonl
"""
import datetime
import json
import sys

STATUS = {"Closed Won": "In Process", "Closed Lost": "Cancelled"}


def blank(v):
    return v is None or v == ""


def map_record(r: dict) -> dict:
    amount = r.get("Amount")
    currency = "USD" if blank(r.get("CurrencyIsoCode")) else r["CurrencyIsoCode"]
    requested = r.get("RequestedDeliveryDate")
    if blank(requested):
        requested = (datetime.date.fromisoformat(r["CloseDate"]) + datetime.timedelta(days=14)).isoformat()
    return {
        "OrderType": "Standard" if r.get("Type") == "Renewal" else ("Rush" if amount > 50000 else "Standard"),
        "CustomerNumber": ("" if blank(r.get("AccountId")) else r["AccountId"]).strip(" ").upper(),
        "ExternalReference": r.get("Id"),
        "PurchaseOrderNumber": "NO-PO" if blank(r.get("PurchaseOrderNumber")) else r["PurchaseOrderNumber"],
        "OrderDate": r.get("CloseDate"),
        "RequestedDeliveryDate": requested,
        "SalesOrganization": ("1000 Riverton" if blank(r.get("ShippingPlant")) else r["ShippingPlant"])[:4],
        "DistributionChannel": "30 Online" if r.get("LeadSource") == "Web" else "10 Direct",
        "Division": currency.lower(),
        "Currency": currency,
        "NetValue": amount,
        "TaxAmount": amount // 5,
        "PaymentTerms": "NET60" if amount > 100000 else "NET30",
        "Incoterms": "DAP",
        "ShipToName": r["Name"][:20].upper(),
        "ShipToStreet": r["Name"].replace(" - ", ", "),
        "ShipToCountry": "US",
        "Status": STATUS.get(r.get("StageName"), "Open"),
        "DeliveryBlock": not r.get("IsWon"),
        "CreatedBy": "Switchboard: " + r["OwnerId"],
    }


def main() -> None:
    out = sys.stdout
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(map_record(json.loads(line)), separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()
