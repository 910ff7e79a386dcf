# The sales-order mapping of opportunity-export.flow.ron, for jq 1.6 and jaq.
def blank: . == null or . == "";
def blankvalue(d): if blank then d else . end;
def plusdays(n): (. + "T00:00:00Z" | fromdateiso8601) + n * 86400 | todateiso8601 | .[0:10];
{
  OrderType: (if .Type == "Renewal" then "Standard" elif .Amount > 50000 then "Rush" else "Standard" end),
  CustomerNumber: (.AccountId | blankvalue("") | gsub("^ +| +$"; "") | ascii_upcase),
  ExternalReference: .Id,
  PurchaseOrderNumber: (.PurchaseOrderNumber | blankvalue("NO-PO")),
  OrderDate: .CloseDate,
  RequestedDeliveryDate: ((.RequestedDeliveryDate | blankvalue(null)) // (.CloseDate | plusdays(14))),
  SalesOrganization: (.ShippingPlant | blankvalue("1000 Riverton") | .[0:4]),
  DistributionChannel: (if .LeadSource == "Web" then "30 Online" else "10 Direct" end),
  Division: (.CurrencyIsoCode | blankvalue("USD") | ascii_downcase),
  Currency: (.CurrencyIsoCode | blankvalue("USD")),
  NetValue: .Amount,
  TaxAmount: (.Amount / 5 | floor),
  PaymentTerms: (if .Amount > 100000 then "NET60" else "NET30" end),
  Incoterms: "DAP",
  ShipToName: (.Name | .[0:20] | ascii_upcase),
  ShipToStreet: (.Name | gsub(" - "; ", ")),
  ShipToCountry: "US",
  Status: ({"Closed Won": "In Process", "Closed Lost": "Cancelled"}[.StageName] // "Open"),
  DeliveryBlock: (.IsWon | not),
  CreatedBy: ("Switchboard: " + .OwnerId)
}
