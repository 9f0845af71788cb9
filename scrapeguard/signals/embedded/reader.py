"""The embedded-rights reader: what an image's own bytes say about data mining and training,
as signals for the guard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scrapeguard.signals.base import Family, ResponseView, Signal, Usage, Verdict
from scrapeguard.signals.embedded.c2pa import (
    Truncated,
    assertions_written,
    entries_verdicts,
    html_manifests,
    jsonld_data_mining,
    metadata_assertions,
    remote_manifests,
    training_assertions,
)
from scrapeguard.signals.embedded.common import MAX_XMP_BYTES, log
from scrapeguard.signals.embedded.containers import extract
from scrapeguard.signals.embedded.scan import MAX_SCAN_FINDS
from scrapeguard.signals.embedded.xmp import (
    C2PA_SVG_NS,
    DataMiningReading,
    codes_of,
    names_data_mining,
    read_data_mining,
    svg_manifests,
    svg_mentions,
)
from scrapeguard.signals.usage import (
    C2PA_ASPECTS,
    IPTC_DATA_MINING,
    aspects_of,
    describe,
    verdict_for,
)

# Signals saying an opt-out may be present and could not be read: each is an error finding
# (the guard's, as `headers.dropped`), decided by the policy's `runtime.on_error`, never a
# note beside a silent allow. Every reader's, not only this one's: `xrobots.unreadable` is the
# X-Robots-Tag reader failing (every rule of the response, a `noai` among them, unread);
# `xmp.data_mining.unplaced` a `DMI-PROHIBITED-…` code IPTC does not have (its reach unknown);
# `content_usage.cut` and `content_signal.cut` text past the Content-Usage reader's caps (a cap never drops
# an opt-out silently).
UNREADABLE: frozenset[str] = frozenset({"xmp.unreadable", "embedded.unreadable", "c2pa.assertion.malformed",
                                        "c2pa.manifest.unreadable", "xrobots.unreadable", "xmp.data_mining.unplaced",
                                        "content_usage.cut", "content_signal.cut"})


MAX_ALIKE_NOTES = 4  # notes of one code from one container kept as they are; the rest counted
# bytes of XMP parsed from one image: a main packet and its extended one (each at most the cap) fit
MAX_XMP_READ = 2 * MAX_XMP_BYTES


def _said_once(signals: list[Signal]) -> list[Signal]:
    """An image's signals with each one given once, and of the notes (UNKNOWN) of one code from one
    container only the first few that differ, the last of them counting the rest.

    Why: an image holding 4,000 XMP packets (or C2PA stores) that each read the same (a malformed packet,
    an opt-out) gave 4,000 signals: as many notes in its decision and ~1 MB of audit log for one image."""
    out: list[Signal] = []
    seen: set[Signal] = set()
    notes: dict[tuple[str, str, str], list[int]] = {}  # (family, code, source) -> positions of its notes in `out`
    unsaid: dict[tuple[str, str, str], int] = {}
    for signal in signals:
        key = (str(signal.family), signal.code, signal.source)
        alike = notes.setdefault(key, []) if signal.verdict == Verdict.UNKNOWN else None
        if alike is not None and (signal in seen or len(alike) >= MAX_ALIKE_NOTES):
            unsaid[key] = unsaid.get(key, 0) + 1
            continue
        if signal in seen:
            continue
        seen.add(signal)
        if alike is not None:
            alike.append(len(out))
        out.append(signal)
    for key, count in unsaid.items():
        last = notes[key][-1]
        out[last] = replace(out[last], detail=f"{out[last].detail} (and {count} more alike in this image)")
    return out


class EmbeddedReader:
    """Reads IPTC Data Mining and C2PA / CAWG training-mining from image bytes (and IPTC
    Data Mining from SVG documents)."""

    families: tuple[Family, ...] = ("iptc_data_mining", "c2pa_training_mining")

    def evaluate(self, response: ResponseView, product_token: str, usage: Usage) -> list[Signal]:
        if response.kind not in ("image", "svg", "html") or not response.body:
            return []
        try:
            links = response.headers.get_all("link")
            if response.kind == "html":
                return _said_once(self._page(response.body, response.url[:300], usage, links))
            if response.kind == "svg":
                return _said_once(self._svg(response.body, response.url[:300], usage, links))
            return _said_once(self._evaluate(response.body, response.url, usage, links))
        except Exception as exc:  # noqa: BLE001 - hostile bytes never escape as an exception
            log.warning("scrapeguard: embedded-metadata reader failed on %s: %s", response.url[:200], exc)
            return [Signal("iptc_data_mining", Verdict.UNKNOWN, "embedded.unreadable",
                           f"image metadata could not be read ({type(exc).__name__})", response.url[:300], True)]

    def _svg(self, body: bytes, where: str, usage: Usage, links: list[str]) -> list[Signal]:
        """IPTC DataMining in an SVG (its `<metadata>` holds XMP, or bare RDF whose namespaces
        the `<svg>` element may declare), and the C2PA manifest stores it embeds (`svg_manifests`),
        or one its Link header announces: the whole document is read, only when its text names
        either at all (one byte search each for most SVGs).

        Why: SVG answers were not read, and an SVG's DMI-PROHIBITED let it through."""
        out: list[Signal] = []
        if svg_mentions(body, "DataMining"):
            out += self._data_mining(read_data_mining(body, dtd=True), f"SVG document {where}", usage, "SVG")
        stores = svg_manifests(body) if svg_mentions(body, C2PA_SVG_NS) else []
        out += self._manifests([(store, "C2PA manifest in SVG metadata") for store in stores], where, usage)
        return out + self._remote([] if stores else remote_manifests(links), where, usage)

    def _page(self, body: bytes, where: str, usage: Usage, links: list[str]) -> list[Signal]:
        """The C2PA manifest stores a page embeds, or a remote one it or its Link header names
        (`html_manifests`): a page's training-mining refusal is its own, as a picture's is."""
        stores, named = html_manifests(body)
        out = self._manifests([(store, "C2PA manifest in the page's application/c2pa script") for store in stores],
                              where, usage)
        return out + self._remote([] if stores else remote_manifests(links) + named, where, usage)

    def _data_mining(self, reading: DataMiningReading, source: str, usage: Usage, what: str) -> list[Signal]:
        """The signals of one reading: its codes, and whether it was malformed or incomplete
        (`xmp.unreadable`, one of `UNREADABLE`, only when a code could deny this usage)."""
        out: list[Signal] = []
        deniable = any(verdict_for(usage, t) == Verdict.DENY for t in IPTC_DATA_MINING.values())
        if reading.unread and deniable:
            why = "; ".join(w for w in (reading.malformed, reading.unread) if w)
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.unreadable",
                              f"{what} unreadable ({why}): a Data Mining opt-out in it would go unseen", source, True))
        elif reading.malformed:
            read = f"{reading.unread}; no IPTC code can deny {usage}" if reading.unread else \
                "read by a recovering parser that loads nothing; no DataMining property in it went unread"
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.malformed",
                              f"{what} refused by the strict parser ({reading.malformed}): {read}", source, True))
        for code in reading.codes:
            table = IPTC_DATA_MINING.get(code)
            if table is None and code.startswith(("DMI-PROHIBITED", "PROHIBITED")) and deniable:
                # (`DMI-PROHIBITED-AIGENAI`, as some writers spell a code IPTC does not have): a
                # prohibition whose reach cannot be placed, so the policy's on_error decides, not a note
                out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.data_mining.unplaced",
                                  f"plus:DataMining value {code[:80]!r} prohibits data mining in words no IPTC code "
                                  f"uses: what it reserves cannot be placed, and it may reserve {usage}", source, True))
                continue
            if table is None:
                out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "xmp.data_mining.unknown_code",
                                  f"plus:DataMining value {code[:80]!r} is not an IPTC code", source, True))
                continue
            verdict = verdict_for(usage, table)
            if verdict == Verdict.UNKNOWN:
                continue
            suffix = "prohibited" if verdict == Verdict.DENY else "allowed"
            out.append(Signal("iptc_data_mining", verdict, f"xmp.data_mining.{suffix}",
                              f"IPTC plus:DataMining {code} ({describe(table)})", source))
        return out

    def _evaluate(self, body: bytes, url: str, usage: Usage, links: list[str] | None = None) -> list[Signal]:
        found = extract(body)
        out: list[Signal] = []
        where = url[:300]
        parsed = 0
        for index, (packet, container) in enumerate(found.xmp):
            parsed += len(packet)
            if parsed > MAX_XMP_READ:  # (900 malformed packets of 64 KB, a 58 MB JPEG, took 6 s to parse)
                left = found.xmp[index:]
                said = f"{len(left)} packet(s) past the {MAX_XMP_READ} bytes of XMP read from one image were not parsed"
                if any(names_data_mining(rest) for rest, _ in left):
                    out.extend(self._data_mining(DataMiningReading([], "", said), f"{container} of {where}", usage,
                                                 "XMP"))
                else:  # (a document's history holds megabytes and no opt-out: a note, as in every container)
                    out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "embedded.container_truncated",
                                      f"{said}; none of them names DataMining", f"{container} of {where}", True))
                break
            out.extend(self._data_mining(read_data_mining(packet), f"{container} of {where}", usage, "XMP packet"))
        for why, container in found.unread_xmp:
            out.extend(self._data_mining(DataMiningReading([], "", why), f"{container} of {where}", usage, "XMP"))
        out.extend(self._manifests(found.c2pa, where, usage))
        out.extend(self._remote([] if found.c2pa else remote_manifests(links or []), where, usage))
        if found.unsupported:
            out.append(Signal("iptc_data_mining", Verdict.UNKNOWN, "embedded.format_unsupported",
                              f"{found.unsupported}: its container was not parsed, only scanned for XMP packets "
                              "and C2PA stores; an opt-out stored otherwise was not seen", where, True))
        for problem in found.problems:
            family: Family = "c2pa_training_mining" if "C2PA" in problem else "iptc_data_mining"
            out.append(Signal(family, Verdict.UNKNOWN, "embedded.container_truncated",
                              f"{problem}: embedded opt-outs may be missing", f"{found.format} container of {where}", True))
        return out

    def _manifests(self, stores: list[tuple[bytes, str]], where: str, usage: Usage) -> list[Signal]:
        """The signals of an image's (or an SVG's) manifest stores, each with where it was found; past the
        first `MAX_SCAN_FINDS`, only what could deny the usage is looked for (`_stores_unread`)."""
        out: list[Signal] = []
        for index, (store, container) in enumerate(stores):
            if index == MAX_SCAN_FINDS:  # (100 stores of 19,000 boxes, 14 MB, took 1.75 s to walk)
                out.extend(self._stores_unread(stores[index:], f"{container} of {where}", usage))
                break
            out.extend(self._c2pa(store, f"{container} of {where}", usage))
        return out

    @staticmethod
    def _remote(remote: list[str], where: str, usage: Usage) -> list[Signal]:
        """The note for a remote manifest announced where none is embedded (a Link header's, `remote_manifests`;
        a page's link), when a C2PA entry could speak of the usage: it is not fetched, so its opt-out is unread."""
        if not remote or not C2PA_ASPECTS & set(aspects_of(usage)):
            return []
        return [Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.remote",
                       f"the C2PA manifest is remote ({remote[0][:200]}), announced but not embedded, and was not "
                       "fetched: a training-mining opt-out in it was not read", where, True)]

    def _stores_unread(self, stores: list[tuple[bytes, str]], source: str, usage: Usage) -> list[Signal]:
        """The C2PA stores of an image past the first `MAX_SCAN_FINDS`, not walked: searched only for
        what could deny the usage (a training-mining assertion's description box, the word DataMining),
        which makes them unreadable (the policy's on_error decides); otherwise nothing is said."""
        deniable = bool(C2PA_ASPECTS & set(aspects_of(usage)))
        written = sum(assertions_written(store) for store, _ in stores)
        mining = any(b"DataMining" in store for store, _ in stores) and \
            any(verdict_for(usage, t) == Verdict.DENY for t in IPTC_DATA_MINING.values())
        if not (written and deniable) and not mining:
            return []
        return [Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.unreadable",
                       f"{len(stores)} C2PA manifest store(s) past the first {MAX_SCAN_FINDS} of the image were not "
                       f"read, and they hold what may deny {usage}: an opt-out in them would go unseen", source, True)]

    def _metadata(self, label: str, value: Any, where: str, usage: Usage) -> list[Signal]:  # noqa: ANN401
        """IPTC DataMining in a C2PA metadata assertion (`metadata_assertions`), read as in XMP: a
        value that could not be read is `xmp.unreadable` where some code could deny the usage."""
        if isinstance(value, Truncated):
            reading = DataMiningReading([], "", f"its content could not be decoded ({value})")
        else:
            texts = jsonld_data_mining(value)
            blank = sum(1 for t in texts if not t.strip())
            reading = DataMiningReading(codes_of(texts), "", f"{blank} DataMining value(s) hold no text" if blank else "")
        return self._data_mining(reading, where, usage, f"C2PA {label} assertion")

    def _c2pa(self, store: bytes, source: str, usage: Usage) -> list[Signal]:
        """The signals of one manifest store. An assertion that may deny this usage and could not
        be read (the store breaks off before it is whole, its entries unreadable) is one of
        `UNREADABLE`, as an unreadable XMP DataMining is; where none can deny it, a note.

        Why: a CBOR opt-out cut short or one in a lost APP11 segment let the image
        through with a note, while the same opt-out unreadable in XMP blocked it."""
        out: list[Signal] = []
        assertions, broken = training_assertions(store) if store else ([], "manifest store not read: past the "
                                                                          "file's end, or empty")
        deniable = bool(C2PA_ASPECTS & set(aspects_of(usage)))
        if broken:
            unread = assertions_written(store) > len(assertions)
            if unread and deniable:
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.unreadable",
                                  f"C2PA manifest truncated or malformed ({broken}) where it holds a training-mining "
                                  "assertion: an opt-out in it would go unseen", source, True))
            else:
                what = f"a training-mining assertion in it went unread, and none can deny {usage}" if unread else \
                    f"{len(assertions)} training-mining assertion(s) read whole before the break" if assertions else \
                    "no training-mining assertion in it" if store else "what it holds is unknown"
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.manifest.broken",
                                  f"C2PA manifest truncated or malformed ({broken}): {what}", source, True))
        for label, value in metadata_assertions(store) if b"DataMining" in store else []:  # (the walk, only if any can say it)
            out.extend(self._metadata(label, value, f"{source}, assertion {label}", usage))
        for label, value in assertions:
            where = f"{source}, assertion {label}"
            try:
                table, read, unplaced = entries_verdicts(value)
            except Truncated as exc:
                code = "c2pa.assertion.malformed" if deniable else "c2pa.assertion.unread"
                why = "an opt-out in it would go unseen" if deniable else f"none of its entries can deny {usage}"
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, code, f"{label} unreadable ({exc}): {why}",
                                  where, True))
                continue
            if verdict_for(usage, table) == Verdict.DENY:
                out.append(Signal("c2pa_training_mining", Verdict.DENY, "c2pa.training.not_allowed",
                                  f"{label}: {', '.join(read)} ({describe(table)}; signature not needed to honour "
                                  "an opt-out)", where))
            if unplaced:
                shown = ", ".join(f"`{u}`" for u in unplaced[:8]) + (" …" if len(unplaced) > 8 else "")
                out.append(Signal("c2pa_training_mining", Verdict.UNKNOWN, "c2pa.training.unknown_entry",
                                  f"{label}: {shown}: an entry this reader does not know, or a `use` that is neither "
                                  "allowed, notAllowed nor constrained; what it reserves cannot be placed, left unknown",
                                  where, True))
        return out
