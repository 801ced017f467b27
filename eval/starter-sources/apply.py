"""Merge the verification records (part-*.json) into apps/positions/starter_data.json.

    python3 eval/starter-sources/apply.py

Each record was made by looking up a stored copy of a page (the search tool's corpus of
stored pages) that holds the statement, on the retrieval date it gives; README.md here
says how. A verified record becomes the position's first source, with the page's title,
publication date, a short verbatim excerpt and the quote's offsets in it, the stored
copy's address and the retrieval date. Where the stored page words the statement
differently (another translation), the position takes the wording that can be checked.
The former sources stay after it, unless they are forum or blog reposts; sources that
could not be verified are marked "context not stored". Safe to run again.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "apps" / "positions" / "starter_data.json"
HERE = Path(__file__).resolve().parent

# Kinds of the outlets the starter sources use, where the starter data said "other" or
# the outlet is new: official source, news agency, newspaper (online news included),
# broadcaster, think tank, aggregator (republishes others' reports), blog (blogs, forums,
# personal sites).
KINDS = {
    "allukraine.blogspot.com": "blog", "americanmilitarynews.com": "aggregator",
    "armeniandiaspora.com": "blog", "caliber.az": "newspaper", "censor.net": "newspaper",
    "cnsnews.com": "newspaper", "dailynewsen.com": "aggregator", "devdiscourse.com": "aggregator",
    "english.alsiasi.com": "aggregator", "envirosagainstwar.org": "blog",
    "ereportaz.gr": "aggregator", "europeanconservative.com": "newspaper",
    "for-ua.com": "newspaper", "geomessenger.blogspot.com": "blog", "gopusa.com": "blog",
    "img2-azrcdn.newser.com": "aggregator", "kenyan-post.com": "aggregator",
    "liberallenny.blogspot.com": "blog", "libertyunyielding.com": "blog",
    "menafn.com": "aggregator", "nahnews.org": "aggregator",
    "netherlands.news-pravda.com": "aggregator", "news.k4s.uk": "aggregator",
    "news.online.ua": "newspaper", "news.ukrainci.com": "aggregator", "novinite.com": "newspaper",
    "ostro.info": "newspaper", "prologuejournal.com": "aggregator", "rrc.ge": "think_tank",
    "russiaandukraine.blogspot.com": "blog", "syrializm.net": "blog",
    "thegoaspotlight.com": "aggregator", "thethinkingconservative.com": "blog",
    "theusarticles.com": "aggregator", "uatribune.com": "aggregator", "uawire.org": "newspaper",
    "ubn.news": "aggregator", "ukpol.co.uk": "aggregator", "ukrainetoday.org": "aggregator",
    "upday.com": "aggregator", "urdupoint.com": "aggregator", "washingtonsblog.com": "blog",
    "wenewsenglish.com": "aggregator", "brecorder.com": "newspaper",
    "chicagotribune.com": "newspaper", "deccanherald.com": "newspaper",
    "euobserver.com": "newspaper", "golos.com.ua": "newspaper",
    "hurriyetdailynews.com": "newspaper", "ijr.com": "newspaper",
    "irishexaminer.com": "newspaper", "lucorg.com": "aggregator", "m.mamul.am": "newspaper",
    "nato.int": "official", "news.liga.net": "newspaper", "oldwp.civil.ge": "newspaper",
    "panarmenian.net": "news_agency", "tundratabloids.com": "blog",
    "ukrinform.net": "news_agency", "wallstreetinsider.org": "aggregator",
    "www6.b92.net": "broadcaster", "globalvillagespace.com": "aggregator",
    "nbcnews2026.pages.dev": "aggregator", "arynews.tv": "broadcaster",
    "ifpnews.com": "aggregator", "interfax.com": "news_agency", "lbc.co.uk": "broadcaster",
    "newsukraine.rbc.ua": "newspaper", "thesouthasiantimes.info": "newspaper",
    "breitbart.com": "newspaper", "ph.news.yahoo.com": "aggregator", "scmp.com": "newspaper",
}  # fmt: skip
# Owned or run by a state with editorial control; public broadcasters with statutory
# independence (BBC, DW, VOA, RFE/RL) are not.
STATE_CONTROLLED = {
    "tass.com", "sputnikglobe.com", "sputniknews.com", "en.sputniknews.africa", "rt.com",
    "on.rt.com", "aa.com.tr", "ukrinform.net", "golos.com.ua", "app.hxen.com", "shine.cn",
}  # fmt: skip
REPOST_KINDS = {"blog", "aggregator"}
# How many positions the data held when the records were made (they index them).
CHECKED_POSITIONS = 165


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".").removeprefix("www.")


def main() -> None:
    data = json.loads(STARTER.read_text(encoding="utf-8"))
    records = {}
    for part in sorted(HERE.glob("part-*.json")):
        for record in json.loads(part.read_text(encoding="utf-8")):
            records[record["index"]] = record
    if len(data["positions"]) != CHECKED_POSITIONS:
        raise SystemExit(
            "The records index the 165 positions as they were when checked; the data has "
            "changed since (README.md), so they can no longer be applied by index."
        )
    outlets = {outlet["domain"]: outlet for outlet in data["outlets"]}
    for index, position in enumerate(data["positions"]):
        record = records.get(index)
        old = [s for s in position["sources"] if "stored_copy" not in s]
        verified = [s for s in position["sources"] if "stored_copy" in s]
        if record and record["status"] == "verified" and not verified:
            excerpt = record["excerpt"]
            start, end = record["quote_start"], record["quote_end"]
            if excerpt[start:end] != record["quote_in_excerpt"]:
                raise ValueError(f"Position {index}: the offsets do not hold the quote.")
            url = record["source_url"] or record["stored_copy"]
            source = {
                "url": url,
                "outlet": host(url),
                "title": record["title"],
                "published": record["published"],
                "excerpt": excerpt,
                "quote_start": start,
                "quote_end": end,
                "stored_copy": record["stored_copy"],
                "retrieved": record["retrieved"],
            }
            # What the stored copy did not show, said rather than guessed.
            missing = [name for name in ("title", "published") if not record[name]]
            if missing:
                source["missing"] = missing
            if not record["quote_matches"]:
                position["quote"] = record["quote_in_excerpt"]
            if host(url) not in outlets:
                outlets[host(url)] = {
                    "name": record["outlet"] or host(url),
                    "domain": host(url),
                    "country": "",
                    "kind": KINDS.get(host(url), "other"),
                }
            kept = [
                {**s, "context": "not stored"}
                for s in old
                if s["url"] != url and KINDS.get(host(s["url"])) not in REPOST_KINDS
            ]
            position["sources"] = [source, *kept]
        else:
            position["sources"] = [
                s if "stored_copy" in s else {**s, "context": "not stored"}
                for s in position["sources"]
            ]
    used = {s["outlet"] for p in data["positions"] for s in p["sources"]}
    for domain, outlet in outlets.items():
        if outlet["kind"] == "other" and domain in KINDS:
            outlet["kind"] = KINDS[domain]
        outlet["state_controlled"] = domain in STATE_CONTROLLED
    data["outlets"] = sorted(
        (o for d, o in outlets.items() if d in used), key=lambda o: o["domain"]
    )
    STARTER.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
