"""Add the further reports found in part-4-reports.json to the starter data.

    python3 eval/starter-sources/add_reports.py

part-4-reports.json holds, for each starter citation whose stored copy showed no title or
publication date, what a second look-up in the stored pages found (made by helper agents
that only searched and copied, on the retrieval date each record gives): the cited page's
own title or date where its stored text shows it, and another report of the same statement
whose stored copy shows a title and a date. A report is added as a further source of its
position where its offsets hold the words it reports and its outlet is not a forum, a
blog or an activist repost, nor state media quoting another country's speaker; one that gives a direct quote in other words (another
translation) is marked `"wording": "other"`, which the position page shows. Safe to run
again: a source already cited is not added twice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "apps" / "positions" / "starter_data.json"
HERE = Path(__file__).resolve().parent

# Reposts, blogs and aggregators that add no checkable authority next to the source
# already cited, and sites whose kind could not be told.
SKIPPED_HOSTS = {
    "armeniandiaspora.com", "envirosagainstwar.org", "ukrainianlaw.blogspot.com", "my.ua",
    "islamtimes.org", "knews.media", "hxen.net",
}  # fmt: skip
# Outlets new to the starter data: name, country, kind, state-controlled.
NEW_OUTLETS = {
    "indiadailydigital.com": ("India Daily Digital", "IN", "aggregator", False),
    "tribune.net.ph": ("Daily Tribune (Philippines)", "PH", "newspaper", False),
    "standardmedia.co.ke": ("The Standard (Kenya)", "KE", "newspaper", False),
    "denederlandsegrondwet.nl": ("De Nederlandse Grondwet (PDC)", "NL", "aggregator", False),
    "agenda.ge": ("Agenda.ge", "GE", "news_agency", False),
    "newser.com": ("Newser", "US", "aggregator", False),
    "shropshirestar.com": ("Shropshire Star", "GB", "newspaper", False),
    "mynorthwest.com": ("MyNorthwest (KIRO Newsradio)", "US", "broadcaster", False),
    "regnum.ru": ("IA Regnum", "RU", "news_agency", False),
    "yes-ukraine.org": ("Yalta European Strategy (YES)", "UA", "think_tank", False),
    "svpressa.ru": ("Svobodnaya Pressa", "RU", "newspaper", False),
    "mw.ua": ("Mirror Weekly (Dzerkalo Tyzhnia)", "UA", "newspaper", False),
    "ukraina.ru": ("Ukraina.ru (Rossiya Segodnya)", "RU", "newspaper", True),
    "thehungaryjournal.com": ("The Hungary Journal", "HU", "newspaper", False),
    "nation.com.pk": ("The Nation (Pakistan)", "PK", "newspaper", False),
    "nationalheraldindia.com": ("National Herald", "IN", "newspaper", False),
    "old.civil.ge": ("Civil Georgia", "GE", "newspaper", False),
    "thestar.com.my": ("The Star (Malaysia)", "MY", "newspaper", False),
    "ru.interfax.com.ua": ("Interfax-Ukraine", "UA", "news_agency", False),
    "telegraphindia.com": ("The Telegraph (India)", "IN", "newspaper", False),
    "mixnews.lv": ("MixNews", "LV", "newspaper", False),
    "m.gazeta.ua": ("Gazeta.ua", "UA", "newspaper", False),
    "globalnews.ca": ("Global News", "CA", "broadcaster", False),
    "elmundo.es": ("El Mundo", "ES", "newspaper", False),
}


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").rstrip(".")
    return host.removeprefix("www.")


def normalised(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip(" \"'.,").lower()


def main() -> None:
    data = json.loads(STARTER.read_text(encoding="utf-8"))
    records = json.loads((HERE / "part-4-reports.json").read_text(encoding="utf-8"))
    outlets = {outlet["domain"] for outlet in data["outlets"]}
    rated = {outlet["domain"]: outlet for outlet in data["outlets"]}
    countries = {speaker["full_name"]: speaker.get("country") for speaker in data["speakers"]}
    added = filled = 0
    for record in records:
        position = data["positions"][record["position"]]
        source = position["sources"][record["source"]]
        for field in ("title", "published"):
            if record.get(field) and field in source.get("missing", []):
                source[field] = record[field]
                source["missing"].remove(field)
                filled += 1
        if source.get("missing") == []:
            del source["missing"]
        report = record.get("alternative")
        if not report or host_of(report["url"]) in SKIPPED_HOSTS:
            continue
        quoted = report["excerpt"][report["quote_start"] : report["quote_end"]]
        if quoted != report["quote_in_excerpt"]:
            raise SystemExit(f"position {record['position']}: offsets do not hold the quote")
        other_words = position["direct"] and normalised(quoted) != normalised(position["quote"])
        if any(host_of(s["url"]) == host_of(report["url"]) for s in position["sources"]):
            continue
        host = host_of(report["url"])
        if host in rated:
            country, state = rated[host]["country"], rated[host]["state_controlled"]
        else:
            _, country, _, state = NEW_OUTLETS[host]
        if state and country != countries.get(position["speaker"]):
            continue  # state media quoting another country's leaders: no authority added
        if host not in outlets:
            name, country, kind, state = NEW_OUTLETS[host]
            data["outlets"].append(
                {"name": name, "domain": host, "country": country, "kind": kind,
                 "state_controlled": state}
            )  # fmt: skip
            outlets.add(host)
        missing = [field for field in ("title", "published") if not report.get(field)]
        position["sources"].append(
            {
                "url": report["url"], "outlet": host, "title": report.get("title", ""),
                "published": report.get("published", ""), "excerpt": report["excerpt"],
                "quote_start": report["quote_start"], "quote_end": report["quote_end"],
                "stored_copy": report["stored_copy"], "retrieved": record["retrieved"],
                **({"missing": missing} if missing else {}),
                **({"wording": "other"} if other_words else {}),
            }
        )  # fmt: skip
        added += 1
    STARTER.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{filled} titles or dates filled, {added} reports added")


if __name__ == "__main__":
    main()
