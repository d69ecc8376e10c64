"""The raw archive: every fetched response is kept, byte for byte, in gzipped WARC files.

Each batch writes one file `warc/YYYY/MM/<run>-<batch>.warc.gz`: response and request records,
each its own gzip member, so that `(file, offset, length)` reads one record back without
reading the rest. The file is written under a temporary name, flushed and fsynced, then
renamed: a kill mid-write leaves only a `.tmp` file that nothing indexes, and `raw_pages`
rows are committed only after the rename. A rerun refetches what was not indexed.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sources.http import FetchResult


@dataclass(frozen=True)
class WarcPointer:
    """Where one response record lies: file relative to the archive root, offset, length."""

    warc_file: str
    warc_offset: int
    warc_length: int


def write_batch(root: Path, name: str, results: Sequence[FetchResult]) -> list[WarcPointer | None]:
    """Archive every result that has an HTTP status; pointers in input order (None: no response)."""
    pointers: list[WarcPointer | None] = []
    if not any(r.status is not None for r in results):
        return [None] * len(results)
    first = next(r for r in results if r.status is not None)
    relative = (
        Path("warc") / f"{first.fetched_at:%Y}" / f"{first.fetched_at:%m}" / f"{name}.warc.gz"
    )
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)  # builds the records; `_gzipped` writes them
        for result in results:
            if result.status is None:
                pointers.append(None)
                continue
            offset = handle.tell()
            handle.write(_gzipped(writer, _response_record(writer, result)))
            length = handle.tell() - offset
            handle.write(_gzipped(writer, _request_record(writer, result)))
            pointers.append(WarcPointer(relative.as_posix(), offset, length))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    return pointers


GZIP_LEVEL = 6


def _gzipped(writer: WARCWriter, record: ArcWarcRecord) -> bytes:
    """One record as its own gzip member, at zlib level `GZIP_LEVEL`.

    warcio compresses at level 9: on news pages that costs 1.6 times level 6's time (2.2 against
    1.4 ms for a 90 KB page) for a file 0.8 % smaller; the archive is written for every page
    fetched, so the level matters to the whole process stage (`bench/dask_parse.py`).
    """
    plain = io.BytesIO()
    writer._write_warc_record(plain, record)  # the record uncompressed (`writer.gzip` is off)
    member = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return member.compress(plain.getvalue()) + member.flush()


def read_record(root: Path, pointer: WarcPointer) -> tuple[str, dict[str, str], bytes]:
    """The (target URI, HTTP headers, body) of the response record at `pointer`."""
    with open(root / pointer.warc_file, "rb") as handle:
        handle.seek(pointer.warc_offset)
        chunk = handle.read(pointer.warc_length)
    for record in ArchiveIterator(io.BytesIO(chunk)):
        uri = from_uri(record.rec_headers.get_header("WARC-Target-URI") or "")
        headers = {
            k.lower(): v for k, v in (record.http_headers.headers if record.http_headers else [])
        }
        return uri, headers, record.content_stream().read()
    raise ValueError(f"no WARC record at {pointer}")


@dataclass(frozen=True)
class WarcResponse:
    """One response record of a WARC file."""

    uri: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    date: str | None
    offset: int
    length: int


def iter_responses(path: Path) -> Iterator[WarcResponse]:
    """Every response record of a WARC file (gzipped or not), with where it lies."""
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            if record.rec_type != "response":
                continue
            http = record.http_headers
            status = http.get_statuscode() if http else None
            body = record.content_stream().read()
            yield WarcResponse(
                uri=from_uri(record.rec_headers.get_header("WARC-Target-URI") or ""),
                status=int(status) if status and str(status).isdigit() else None,
                headers={k.lower(): v for k, v in (http.headers if http else [])},
                body=body,
                date=record.rec_headers.get_header("WARC-Date"),
                offset=iterator.get_record_offset(),
                length=iterator.get_record_length(),
            )


def to_uri(url: str) -> str:
    """The URL with its path and query percent-encoded (WARC and HTTP want ASCII URIs)."""
    parts = urlsplit(url)
    safe = "/:@!$&'()*+,;=~%-._"
    return urlunsplit(
        (
            parts.scheme,
            parts.netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe + "?"),
            "",
        )
    )


def from_uri(uri: str) -> str:
    """The readable URL (Arabic path) for a percent-encoded WARC target URI."""
    return unquote(uri)


def _response_record(writer: WARCWriter, result: FetchResult) -> ArcWarcRecord:
    status_line = f"{result.status} {_reason(result.status or 0)}"
    headers = [(k, v) for k, v in result.headers.items() if k not in _HOP_HEADERS]
    http_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        to_uri(result.final_url),
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": result.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )


def _request_record(writer: WARCWriter, result: FetchResult) -> ArcWarcRecord:
    uri = to_uri(result.final_url)
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *result.request_headers.items()]
    http_headers = StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
    return writer.create_warc_record(
        uri, "request", payload=io.BytesIO(b""), length=0, http_headers=http_headers
    )


# The body is stored decoded, so these headers no longer describe it.
_HOP_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
