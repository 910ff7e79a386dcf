"""Seeds the fuzz corpora from the example workspace (flows/): every flow file, every
formula of its mappings and conditions, and the workspace's files joined by NUL bytes the
way fuzz_targets/workspace.rs splits them. Seeds are named seed-*; libFuzzer adds its own
finds beside them."""

import pathlib
import re

here = pathlib.Path(__file__).parent
flows = here.parent / "flows"
(here / "logs").mkdir(exist_ok=True)


def corpus(name):
    folder = here / "corpus" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


for path in sorted(flows.glob("*.flow.ron")):
    (corpus("flow") / f"seed-{path.name}").write_bytes(path.read_bytes())

# A formula is the second string of a `"Field": "formula"` line, or a `when: "…"`.
formula = re.compile(r'^\s*(?:"[^"]*":|when:)\s*"((?:[^"\\]|\\.)*)"', re.M)
n = 0
for path in sorted(flows.glob("*.flow.ron")):
    for match in formula.finditer(path.read_text()):
        text = match.group(1).encode().decode("unicode_escape")
        (corpus("formula") / f"seed-{n:03}").write_text(text)
        n += 1

parts = [
    (flows / "systems.ron").read_text(),
    (here.parent / "assets/policy/default.ron").read_text(),
    (flows / "value_maps.ron").read_text(),
    next((here.parent / "assets/connectors").glob("*.ron")).read_text(),
    next((flows / "samples/sales_crm").glob("*.ron")).read_text(),
]
(corpus("workspace") / "seed-examples").write_text("\0".join(parts))
print(f"seeded: {len(list(corpus('flow').glob('seed-*')))} flows, {n} formulas, 1 workspace")
