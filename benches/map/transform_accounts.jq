# The customer mapping of account-to-customer.flow.ron, for jq 1.6 and jaq. Literal
# replacements are split/join and the phone a filter over code points: jq 1.6's gsub and
# sub take a hundred times longer.
def blank: . == null or . == "";
def blankvalue(d): if blank then d else . end;
def trim: split(" ") | map(select(. != "")) | join(" ");
def letter: (. >= 65 and . <= 90) or (. >= 97 and . <= 122);
def proper: explode | . as $c
  | [range(length) | $c[.] as $x
     | if ($x | letter | not) then $x
       elif . > 0 and ($c[. - 1] | letter) then (if $x <= 90 then $x + 32 else $x end)
       else (if $x >= 97 then $x - 32 else $x end) end]
  | implode;
def replace(old; new): split(old) | join(new);
def lpad(n; fill): if length >= n then .[0:n] else ([range(n - length)] | map(fill) | join("")) + . end;
(.AnnualRevenue | blankvalue(0)) as $revenue
| .BillingCountry as $country
| (.Name | trim) as $name
| {
  CustomerNumber: ((.ErpCustomerNumber | blankvalue(null)) // (.AccountNumber | .[-6:]) | lpad(10; "0")),
  Name: $name[0:35],
  Name2: $name[35:70],
  SearchTerm: (.Name | replace(" "; "") | .[0:10] | ascii_upcase),
  CustomerGroup: (if .Type == "Customer - Channel" then "Export" elif .Type == "Partner" then "Intercompany"
    elif .Industry == "Government" then "Public Sector" else "Domestic" end),
  Street: ((.BillingStreet | blankvalue(null)) // .ShippingStreet),
  PostalCode: ((.BillingPostalCode | blankvalue(null)) // .ShippingPostalCode),
  City: ((.BillingCity | blankvalue(null)) // .ShippingCity | proper),
  Country: ({"Canada": "CA", "France": "FR", "Germany": "DE", "Mexico": "MX", "Netherlands": "NL",
    "United Kingdom": "GB", "United States": "US"}[$country | blankvalue("United States")] // "US"),
  Phone: (.Phone | explode | map(select((. >= 48 and . <= 57) or . == 43)) | implode),
  Email: ("ap@" + (.Website | replace("https://"; "") | replace("http://"; "") | replace("www."; "")) | ascii_downcase),
  PaymentTerms: (if $revenue >= 10000000 then "NET60" else .PaymentTerms | blankvalue("NET30") end),
  CreditLimit: (([$revenue / 50, 250000] | min) / 1000 | round * 1000),
  Currency: ({"Canada": "CAD", "United Kingdom": "GBP", "Germany": "EUR", "France": "EUR", "Netherlands": "EUR"}[$country // ""] // "USD"),
  SalesOrganization: (if $country == "United States" or $country == "Canada" then "1000" else "2000" end),
  DistributionChannel: (if .Type == "Customer - Channel" then "20 Retail" elif (.Website | contains("shop")) then "30 Online" else "10 Direct" end),
  Blocked: (.IsDeleted == true or .Rating == "Cold"),
  CrmAccountId: .Id,
  CreatedOn: (.CreatedDate | if endswith("Z") then .[:-1] + "+00:00" else . end),
  ChangedOn: (.LastModifiedDate | if endswith("Z") then .[:-1] + "+00:00" else . end)
}
