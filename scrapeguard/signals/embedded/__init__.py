"""Opt-outs inside the image bytes: IPTC `plus:DataMining` in XMP (and in the photo metadata
a C2PA manifest carries: `stds.iptc`, `c2pa.metadata`, `cawg.metadata`) and the C2PA / CAWG
training-and-data-mining assertion (consent-signals.md §8).

Read cheaply from the container structure, never by decoding pixels:
- JPEG: APP1 XMP (main packet, and extended XMP reassembled by GUID across segments),
  APP11 JUMBF (C2PA), stopping at SOS;
- PNG: `XML:com.adobe.xmp` in `iTXt` (zlib-compressed or not), `tEXt` or `zTXt`, ImageMagick's
  hex `Raw profile type xmp`, and `caBX` (C2PA), to IEND;
- WebP: RIFF chunks `XMP ` and `C2PA`;
- TIFF (both byte orders, BigTIFF too): IFD tag 700 (XMP) and tag 0xCD41 (C2PA), every
  IFD of the chain;
- GIF: the `XMP DataXMP` application extension (the raw packet before its 258-byte
  "magic trailer") and the `C2PA_GIF` one (the store over data sub-blocks);
- JPEG XL: its Brotli-compressed metadata boxes (`brob`: XMP, C2PA) undone, within the caps;
- AVIF / HEIF and other ISO BMFF images, JPEG XL and JPEG 2000 containers: a bounded
  scan for XMP packets (`<?xpacket begin` … `<?xpacket end`, or `<x:xmpmeta` …
  `</x:xmpmeta>`, the wrapper the XMP spec defines so packets can be found in unknown
  files), in UTF-8, UTF-16 or UTF-32 of either byte order, and for C2PA manifest stores
  (the JUMBF superbox labelled `c2pa`);
- BMP, ICO/CUR, Netpbm, QOI and bare JPEG XL / JPEG 2000 codestreams: no metadata
  container, nothing to read.
An image without an embedded manifest whose `Link` header announces a remote one (`rel="c2pa-manifest"`)
gets a `c2pa.manifest.remote` warning: it is not fetched (readers do no I/O), so its opt-out is unread.
An image in any other format gets the same scan and an `embedded.format_unsupported`
warning, so a decision never claims to have seen rights data it could not look for.
An SVG answer is read as one XML document (its `<metadata>`, and an XMP packet written as its
text: in a CDATA section, or escaped), only when it holds the word `DataMining` at all. The C2PA manifest stores
it embeds (base64 in a `manifest` element of the namespace http://c2pa.org/manifest) are read as an
image's are, and one its Link header announces is noted. So are a page's (C2PA's HTML embedding: base64
in a `<script type="application/c2pa">`; a remote one named by `<link rel="c2pa-manifest">`): its own
training-mining refusal binds the page.

XMP is parsed with defusedxml (no DTDs, no entity expansion); the prefix of the PLUS
namespace is resolved, not assumed; a DataMining property in another namespace (the PLUS one written
slightly off: `…/xmp/1.0` without its `/`, `https://`) counts only where its value is an IPTC code. A packet that parse refuses (one raw "&" in a
caption) is read again by lxml's recovering parser, which loads nothing and expands no
entity in text (`xmp.malformed`, a warning); a DataMining property even that does not
read is `xmp.unreadable`, one of `UNREADABLE`: an error finding the policy's on_error
decides. C2PA assertions are found by walking the JUMBF boxes and decoding the small
CBOR map with a bounded decoder (or the JSON of a `json` content box); a store that breaks off gives the assertions read whole
before the break. Honouring an opt-out needs no signature check (a forged opt-out only
makes us stricter); an `allowed` is not trusted without one, so it is never read as ALLOW.
A training-mining assertion that could not be read (its store broken before it is whole,
its entries unreadable) is `c2pa.manifest.unreadable` / `c2pa.assertion.malformed`, of
`UNREADABLE` too, when it could deny the usage. Anything else truncated, lying about its
length or unparsable is UNKNOWN with a warning, never a silent allow.

Modules: `containers` (each format's structure), `scan` (the bounded scan of the rest), `xmp`
(IPTC Data Mining in XMP and SVG), `c2pa` (JUMBF, CBOR, training-mining assertions), `reader`
(the signals the guard gets); `common` holds their shared limits.
"""

from __future__ import annotations

from scrapeguard.signals.embedded.c2pa import entries_verdicts, training_assertions
from scrapeguard.signals.embedded.common import MAX_SEGMENTS, Embedded
from scrapeguard.signals.embedded.containers import extract, raw_profile
from scrapeguard.signals.embedded.reader import UNREADABLE, EmbeddedReader
from scrapeguard.signals.embedded.xmp import (
           DataMiningReading,
           data_mining_codes,
           read_data_mining,
           recovered_xml,
           xmp_text,
)

__all__ = ["MAX_SEGMENTS", "UNREADABLE", "DataMiningReading", "Embedded", "EmbeddedReader", "data_mining_codes",
           "entries_verdicts", "extract", "raw_profile", "read_data_mining", "recovered_xml",
           "training_assertions", "xmp_text"]
