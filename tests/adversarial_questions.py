"""The adversarial question corpus: (category, text) pairs that every front end must survive.

Built from a few hand-written lists and from templates whose every slot (country, partner,
years, N, group, subject, dataset) is filled in turn with each injection payload, so SQL
injection is tried in every place the grammar reads a value from. Importable; no fixtures.
"""

from __future__ import annotations

import string

from data.catalogue import GROUPS, countries

# A question per kind, with named slots; {a} is the focal country, {b} the partner.
TEMPLATES = (
    "CS {a}–{b} {y1} vs {y2}",
    "CS {a}–{b} {y1} vs {y2} in {subject}",
    "top {n} {group} partners of {a} {y2}",
    "{a} {group} collaboration {y1} vs {y2}",
    "fastest rising {group} partners of {a} {y1} vs {y2}",
    "joint articles {a}–{b} {y1}–{y2} in {dataset}",
    "{a} share of {group} {y2}",
)
DEFAULTS = {
    "a": "China",
    "b": "Thailand",
    "y1": "2015",
    "y2": "2023",
    "n": "15",
    "group": "BRI",
    "subject": "chemistry",
    "dataset": "demo",
}

INJECTIONS = (
    "'; DROP TABLE pair_figures; --",
    "' OR '1'='1",
    '" OR ""="',
    "China' UNION SELECT * FROM duckdb_settings() --",
    "1; ATTACH '/tmp/collabbot-evil.duckdb' AS evil",
    "2023) UNION ALL SELECT * FROM read_csv('/etc/passwd') --",
    "$dataset",
    "?",
    "$1",
    "'||(SELECT current_setting('lock_configuration'))||'",
    "); INSTALL httpfs; LOAD httpfs; --",
    "COPY pair_figures TO '/tmp/collabbot-evil.csv'",
    "SET enable_external_access = true",
    "/* comment */ China",
    "China\\'; --",
    "Thailand` ; PRAGMA threads=64",
)


def _filled(template: str, slot: str, value: str) -> str:
    return template.format(**{**DEFAULTS, slot: value})


def injection_questions() -> list[str]:
    out: list[str] = []
    for template in TEMPLATES:
        for slot in DEFAULTS:
            if "{" + slot + "}" not in template:
                continue
            out.extend(_filled(template, slot, payload) for payload in INJECTIONS)
    return out


QUESTION = "CS China–Thailand 2015 vs 2023"
TOP = "top 15 BRI partners of China 2023"

LONG = [
    "a" * 10_000,
    QUESTION * 334,  # ~10 kB of a valid question repeated
    (QUESTION + " ") * 300,
    "🇨🇳" * 2_500,
    "\x00" * 10_000,
    " " * 10_000 + QUESTION,
    QUESTION + " " * 10_000,
    "China " * 1_700,
    "'" * 10_000,
    "中" * 10_000,
    "\u202e" * 10_000,
    ("ت" * 99 + " ") * 100,
    "-" * 10_240,
    "9" * 10_000,
    "top " + "9" * 10_000 + " BRI partners of China 2023",
    "CS China–Thailand " + "2023 " * 2_000,
]

CONTROL = [chr(c) for c in [*range(0x00, 0x20), 0x7F]]
CONTROL_IN_QUESTION = [f"CS China{c}–Thailand 2015 vs 2023" for c in CONTROL] + [
    "CS China–Thailand\r\n2015 vs 2023",
    "CS\tChina–Thailand\t2023",
    "\x1b[31mCS China–Thailand 2023\x1b[0m",
    "CS China–Thailand 2023\x08\x08\x08\x08",
    "\x85CS China–Thailand 2023\u2028",
    "CS China\u2029Thailand 2023",
]

NULLS = [
    "\x00",
    "\x00" * 3,
    "CS\x00China–Thailand 2023",
    "CS China–Thailand 2023\x00",
    "\x00CS China–Thailand 2023",
    "CS China–Thai\x00land 2023",
    "top 1\x005 BRI partners of China 2023",
    "CS China–Thailand 20\x0023",
    "CS China–Thailand 2015 vs 2023\x00'; DROP TABLE articles; --",
]

RTL = [
    "\u202eCS China–Thailand 2023",
    "CS \u202eChina–Thailand\u202c 2023",
    "\u202dCS China–Thailand 2023\u202c",
    "\u200fCS China–Thailand 2023\u200f",
    "\u2067CS China–Thailand 2023\u2069",
    "CS الصين–تايلاند 2023",
    "CS סין–תאילנד 2023",
    "أعلى 15 شركاء BRI للصين 2023",
    "CS China–Thailand ٢٠١٥ vs ٢٠٢٣",
    "CS China–Thailand ۲۰۲۳",
    "CS \u202bالصين\u202c–Thailand 2023",
    "\u061cCS China–Thailand 2023",
]

EMOJI = [
    "🇨🇳–🇹🇭 2023",
    "CS 🇨🇳–🇹🇭 2015 vs 2023",
    "CS China–Thailand 2023 🚀🚀🚀",
    "👩‍🔬👨‍🔬",
    "👩‍🔬" * 50,
    "top 🔟 BRI partners of China 2023",
    "CS China❤️Thailand 2023",
    "🏳️‍🌈 CS China–Thailand 2023",
    "CS China–Thailand 2️⃣0️⃣2️⃣3️⃣",
    "🙂",
    "CS China–Thailand 2023 \U0001f9ea chemistry",
    "\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag characters
]

PUNCTUATION = [
    "",
    " ",
    string.punctuation,
    "?",
    "???",
    "!!!",
    "...",
    "…",
    "–",
    "—",
    "- - -",
    ",,,,",
    "'",
    '"',
    "''",
    "``````",
    ";",
    "; ; ;",
    "()",
    "[]{}<>",
    "/\\",
    "&&",
    "%",
    "*",
    "@",
    "#",
    "«»‹›„“”",
    "¿¡",
    "、。・",
    "*_~`",
]

_NAMES = [c.name for c in countries() if c.iso3 not in ("CHN",)]
COUNTRY_LISTS = (
    ["CS China–" + ", ".join(_NAMES[:n]) + " 2023" for n in (2, 19, 20, 21, 25, 40)]
    + [
        "CS China–" + " and ".join(_NAMES[:30]) + " 2015 vs 2023",
        "CS China–" + "/".join(_NAMES[:21]) + " 2023",
        "CS China–" + ", ".join(_NAMES) + " 2023",  # every country in the catalogue
        "CS " + "–".join(_NAMES[:25]) + " 2023",
        "CS China–" + ", ".join(["Thailand"] * 30) + " 2023",
        "CS China–" + ", ".join(["Thailand", "Singapore"] * 12) + " 2015 vs 2023",
        "CS China–" + ", ".join(c.iso3 for c in countries()[:60]) + " 2023",
        "CS China–" + ", ".join(c.iso2 for c in countries()[:60]) + " 2023",
        " ".join(_NAMES[:25]),
        "top 15 " + " ".join(GROUPS) + " partners of China 2023",
        ", ".join(["China"] * 40),
    ]
)

ODD_UNICODE = [
    "\ufeffCS China–Thailand 2023",
    "C\u0301S China–Thai\u0308land 2023",
    "СS China–Thailand 2023",  # Cyrillic С
    "CS Chinа–Thailand 2023",  # Cyrillic а
    "ＣＳ Ｃｈｉｎａ–Ｔｈａｉｌａｎｄ ２０２３",
    "CS China–Thailand ²⁰²³",
    "CS China\u200b–\u200bThailand 2023",
    "CS China\u00a0–\u00a0Thailand 2023",
    "CS China–Thailand\u3000 2023",
    "\ud800",
    "x\udcff",
    "CS China–Thailand 2023\udfff",
    "\U0010ffff",
    "\ue000 private use",
    "ǅ ǈ ǋ",
    "İstanbul Türkiye–China 2023",
    "CS CHINA–THAILAND 2023",
    "cs china–thailand 2023",
    "Cs ChInA–tHaIlAnD 2023",
    "CS China–Thailand MMXXIII",
]

FORMATS_AND_MARKUP = [
    "%s %d {0} ${x}",
    "{question}",
    "${jndi:ldap://127.0.0.1/a}",
    "<script>alert(1)</script>",
    "<@U0BOT0001> CS China–Thailand 2023",
    "<!channel> CS China–Thailand 2023",
    "<https://example.com|China>–Thailand 2023",
    "*CS* _China_–~Thailand~ 2023",
    "```CS China–Thailand 2023```",
    "&lt;China&gt;–Thailand 2023",
    "\\x00\\n\\t",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "CS read_csv('/etc/passwd')–Thailand 2023",
    "CS China–Thailand 2023 in ../../etc",
    "__import__('os').system('true')",
]

NUMBERS = [
    "top 0 BRI partners of China 2023",
    "top -1 BRI partners of China 2023",
    "top 101 BRI partners of China 2023",
    "top 99999999999999999999999999 BRI partners of China 2023",
    "top 1e308 BRI partners of China 2023",
    "top NaN BRI partners of China 2023",
    "top inf BRI partners of China 2023",
    "top 0x10 BRI partners of China 2023",
    "top 15.5 BRI partners of China 2023",
    "CS China–Thailand 99999999999999999999",
    "CS China–Thailand 0000",
    "CS China–Thailand 1899 vs 2101",
    "CS China–Thailand 2015 vs 2023 vs 2019",
    "CS China–Thailand 2023–2015",
    "CS China–Thailand -2023",
    "CS China–Thailand 2023.0",
    "CS China–Thailand since 9999",
    "CS China–Thailand 2023****",
]

HAND_WRITTEN = (
    [("long", t) for t in LONG]
    + [("control", t) for t in CONTROL]
    + [("control", t) for t in CONTROL_IN_QUESTION]
    + [("null", t) for t in NULLS]
    + [("rtl", t) for t in RTL]
    + [("emoji", t) for t in EMOJI]
    + [("punctuation", t) for t in PUNCTUATION]
    + [("country_list", t) for t in COUNTRY_LISTS]
    + [("unicode", t) for t in ODD_UNICODE]
    + [("markup", t) for t in FORMATS_AND_MARKUP]
    + [("numbers", t) for t in NUMBERS]
)

CORPUS: list[tuple[str, str]] = [("injection", t) for t in injection_questions()] + HAND_WRITTEN

# Questions the corpus starts from, that must still be answered (a sanity check on the corpus).
CONTROLS = [QUESTION, TOP, "China BRI collaboration 2015 vs 2023"]
