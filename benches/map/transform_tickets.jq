# The work-order mapping of ticket-to-work-order.flow.ron, for jq 1.6 and jaq. NOW and
# TODAY are the time run.sh pins with `--now`.
#
# jq has no decimals and no time zones, so this script leans on what the export holds:
# date-times as 2026-11-20T08:14:00-06:00 (or Z), converted to Chicago time with the US
# daylight-saving rule in force since 2007; coordinates with at most 7 decimals and hours
# in quarters, so that rounding on scaled whole numbers gives Switchboard's decimal
# results; names whose letters are ASCII or Latin-1. Literal replacements are split/join:
# jq 1.6's gsub and sub take a hundred times longer.
def blank: . == null or . == "";
def blankvalue(d): if blank then d else . end;
def trim: split(" ") | map(select(. != "")) | join(" ");
def replace(old; new): split(old) | join(new);
# Letters of ASCII and Latin-1 (× and ÷ are not), and their small and capital forms.
def letter: (. >= 65 and . <= 90) or (. >= 97 and . <= 122) or (. >= 192 and . <= 255 and . != 215 and . != 247);
def capital: (. >= 65 and . <= 90) or (. >= 192 and . <= 222 and . != 215);
def small: (. >= 97 and . <= 122) or (. >= 224 and . <= 254 and . != 247);
def downcase: explode | map(if capital then . + 32 else . end) | implode;
def proper: explode | . as $c
  | [range(length) | $c[.] as $x
     | if ($x | letter | not) then $x
       elif . > 0 and ($c[. - 1] | letter) then (if $x | capital then $x + 32 else $x end)
       else (if $x | small then $x - 32 else $x end) end]
  | implode;
# Whole-number arithmetic that gives integers in jq and jaq alike.
def idiv(d): . / d | floor;
def imod(d): . - (. / d | floor) * d;
def pad2: if . < 10 then "0" + tostring else tostring end;
# ROUND(x, 0) of a whole number of units: halves away from zero.
def round_half_away: if . < 0 then -(-. + 0.5 | floor) else . + 0.5 | floor end;

# Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
def days_from_civil($y; $m; $d):
  (if $m <= 2 then $y - 1 else $y end) as $y
  | ($y | idiv(400)) as $era
  | ($y - $era * 400) as $yoe
  | (((153 * (if $m > 2 then $m - 3 else $m + 9 end) + 2) | idiv(5)) + $d - 1) as $doy
  | ($yoe * 365 + ($yoe | idiv(4)) - ($yoe | idiv(100)) + $doy) as $doe
  | $era * 146097 + $doe - 719468;
def civil_from_days:
  (. + 719468) as $z
  | ($z | idiv(146097)) as $era
  | ($z - $era * 146097) as $doe
  | (($doe - ($doe | idiv(1460)) + ($doe | idiv(36524)) - ($doe | idiv(146096))) | idiv(365)) as $yoe
  | ($doe - (365 * $yoe + ($yoe | idiv(4)) - ($yoe | idiv(100)))) as $doy
  | ((5 * $doy + 2) | idiv(153)) as $mp
  | {year: ($yoe + $era * 400 + (if $mp >= 10 then 1 else 0 end)),
     month: (if $mp < 10 then $mp + 3 else $mp - 9 end),
     day: ($doy - ((153 * $mp + 2) | idiv(5)) + 1)};
def date_text: "\(.year)-\(.month | pad2)-\(.day | pad2)";
def date_days: days_from_civil(.[0:4] | tonumber; .[5:7] | tonumber; .[8:10] | tonumber);

# Seconds since 1970 of 2026-11-20T08:14:00-06:00 (or …Z).
def epoch:
  (date_days * 86400 + (.[11:13] | tonumber) * 3600 + (.[14:16] | tonumber) * 60 + (.[17:19] | tonumber)) as $local
  | if .[19:20] == "Z" then $local
    else ((if .[19:20] == "-" then -1 else 1 end) * ((.[20:22] | tonumber) * 3600 + (.[23:25] | tonumber) * 60)) as $offset
    | $local - $offset end;
# Chicago's offset at a moment: daylight time from 2:00 on March's second Sunday to 2:00
# on November's first (US rule since 2007).
def first_sunday($y; $m): days_from_civil($y; $m; 1) as $d | $d + ((7 - ($d + 3 | imod(7)) + 6) | imod(7));
def chicago_offset:
  (. | idiv(86400) | civil_from_days | .year) as $y
  | ((first_sunday($y; 3) + 7) * 86400 + 8 * 3600) as $start
  | (first_sunday($y; 11) * 86400 + 7 * 3600) as $stop
  | if . >= $start and . < $stop then -5 else -6 end;
# The moment in Chicago time: its civil parts, weekday (Monday 1) and RFC 3339 text.
def chicago:
  chicago_offset as $hours
  | (. + $hours * 3600) as $t
  | ($t | idiv(86400)) as $days
  | ($t - $days * 86400) as $s
  | ($days | civil_from_days) + {days: $days, weekday: (($days + 3 | imod(7)) + 1),
      hour: ($s | idiv(3600)), minute: ($s | imod(3600) | idiv(60)), second: ($s | imod(60))}
  | . + {text: "\(date_text)T\(.hour | pad2):\(.minute | pad2):\(.second | pad2)-0\(-$hours):00"};

# Coordinates: at most 7 decimals, so ten-millionths are whole numbers.
def units: . * 10000000 | round_half_away;
def round_places($p): (units / ([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000][7 - $p]) | round_half_away)
  / ([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000][$p]);
def fixed4:
  units as $u
  | ((if $u < 0 then -$u else $u end) / 1000 | round_half_away) as $q
  | (if $u < 0 and $q != 0 then "-" else "" end)
    + ($q | idiv(10000) | tostring) + "." + ($q | imod(10000) + 10000 | tostring | .[1:]);

def days_of_week: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
def months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
days_from_civil(2026; 11; 22) as $today
| ($today * 86400) as $now
| (.IsEscalated == true) as $escalated
| (.Priority // "" | ascii_downcase) as $priority
| (.OpenedAt | epoch) as $opened
| ($opened | chicago) as $local
| .ClosedAt as $closed
| (.Description | blankvalue("") | trim) as $description
| (.ReporterName | blankvalue("") | trim | proper) as $name
| .Latitude as $lat
| .Longitude as $lon
| (.Subcategory // "") as $sub
| ((.ReporterPhone // "") | replace("("; "") | replace(")"; "") | replace("-"; "") | replace("."; "") | replace(" "; "")) as $phone
| {
  WorkOrderNumber: ("WO-" + .Id[5:7] + "-" + .Id[-7:]),
  ExternalReference: .Id,
  Department: ({"Graffiti": "Streets and Sanitation", "Noise": "Buildings", "Parks": "Parks",
    "Sanitation": "Streets and Sanitation", "Streetlights": "Transportation", "Streets": "Public Works",
    "Traffic Signals": "Transportation", "Water": "Water"}[.Category // ""] // "Public Works"),
  WorkType: (if (.Category // "" | ascii_downcase) == "sanitation" then "Collection"
    elif ($sub | ascii_downcase) == "pothole" or ($sub | endswith(" Out") or endswith(" Damage") or endswith(" Down")) then "Repair"
    elif ($sub | startswith("Graffiti")) then "Cleanup"
    else "Inspection" end),
  Priority: (if $escalated then 1 else {"emergency": 1, "high": 2, "low": 4}[$priority] // 3 end),
  Summary: ((if ($description | length) > 80 then $description[0:77] + "..." else $description end) | blankvalue($sub)),
  Details: ($sub + " reported by " + ($name | blankvalue("an anonymous resident")) + " via "
    + (.Channel // "" | ascii_downcase) + " on "
    + "\(days_of_week[$local.weekday - 1]), \(months[$local.month - 1]) \($local.day), \($local.year) at "
    + "\(($local.hour + 11) | imod(12) + 1):\($local.minute | pad2) \(if $local.hour < 12 then "AM" else "PM" end)"
    + (if .AssetId | blank then "" else " (asset " + .AssetId + ")" end)),
  Street: ((.Address // "") | (if index(",") then split(",")[0] else . end) | trim | ascii_upcase | blankvalue("SEE GRID REFERENCE")),
  Ward: (.District | split(" ")[1:] | join(" ") | .[0:3] | tonumber | floor),
  Latitude: (if $lat | blank then null else $lat | round_places(5) end),
  Longitude: (if $lon | blank then null else $lon | round_places(5) end),
  GridReference: (if ($lat | blank) or ($lon | blank) then "NO GPS - see street" else ($lat | fixed4) + "," + ($lon | fixed4) end),
  ReportedAt: $local.text,
  DueDate: (.DueDate | blankvalue($local.days + (if $escalated then 1 else {"emergency": 1, "high": 3, "low": 20}[$priority] // 10 end)
    | civil_from_days | date_text)),
  DaysOpen: ((((if $closed | blank then $now else $closed | epoch end) - $opened) / 8640 | round_half_away) / 10),
  State: (if (.Status // "" | ascii_downcase) == "duplicate" then "Canceled"
    elif ($closed | blank | not) then "Closed Complete"
    else {"In Progress": "Work In Progress", "New": "Ready", "On Hold": "On Hold", "Open": "Assigned"}[.Status // ""] // "Ready" end),
  EstimatedCost: (((.EstimatedHours | blankvalue(2)) * 68.5 * (if $escalated then 1.5 else 1 end) * 100 | round_half_away) / 100),
  ContactName: ($name | blankvalue("Anonymous")),
  ContactPhone: $phone[-10:],
  ContactEmail: (.ReporterEmail | blankvalue("") | trim | downcase),
  AfterHours: ($local.weekday > 5 or $local.hour >= 18 or $local.hour < 7),
  Overdue: (if ($closed | blank) and (.DueDate | blank | not) then .DueDate | date_days < $today else false end)
}
