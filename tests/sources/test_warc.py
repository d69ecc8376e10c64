"""The raw archive: records read back byte for byte by their (file, offset, length)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sources.http import FetchResult
from sources.warc import iter_responses, read_record, write_batch

PAGE = "<html><body><h1>طائرات سورية وروسية تقصف شمال غربي سوريا</h1></body></html>".encode()


def result(url: str, body: bytes, status: int | None = 200) -> FetchResult:
    return FetchResult(
        url,
        url,
        status,
        {"content-type": "text/html; charset=utf-8", "etag": '"e1"'},
        body,
        datetime(2024, 11, 28, 12, tzinfo=UTC),
    )


def test_records_read_back_by_pointer(tmp_path: Path) -> None:
    results = [
        result("https://aawsat.com/a", PAGE),
        result("https://aawsat.com/down", b"", status=None),
        result("https://aawsat.com/b", PAGE * 3),
    ]
    pointers = write_batch(tmp_path, "run-00001", results)
    assert pointers[1] is None
    assert pointers[0] is not None and pointers[2] is not None
    assert pointers[0].warc_file == "warc/2024/11/run-00001.warc.gz"
    uri, headers, body = read_record(tmp_path, pointers[2])
    assert (uri, body) == ("https://aawsat.com/b", PAGE * 3)
    assert headers["etag"] == '"e1"'
    assert not list(tmp_path.rglob("*.tmp"))


def test_whole_file_iterates_responses_only(tmp_path: Path) -> None:
    write_batch(tmp_path, "run-2", [result("https://aawsat.com/a", PAGE)])
    [record] = list(iter_responses(tmp_path / "warc/2024/11/run-2.warc.gz"))
    assert (record.uri, record.status, record.body, record.offset) == (
        "https://aawsat.com/a",
        200,
        PAGE,
        0,
    )
    assert record.length > 0 and record.date == "2024-11-28T12:00:00Z"


def test_each_record_is_its_own_gzip_member_that_standard_tools_read(tmp_path: Path) -> None:
    import gzip
    import zlib

    results = [result("https://aawsat.com/a", PAGE), result("https://aawsat.com/b", PAGE * 2)]
    pointers = write_batch(tmp_path, "run-3", results)
    path = tmp_path / "warc/2024/11/run-3.warc.gz"
    data = path.read_bytes()
    whole = gzip.decompress(data)  # every member, as `zcat` reads the file
    assert whole.count(b"WARC/1.0\r\n") == 4  # a response and a request record per page
    assert whole.count(PAGE) == 3
    for pointer in pointers:
        assert pointer is not None
        chunk = data[pointer.warc_offset : pointer.warc_offset + pointer.warc_length]
        member = zlib.decompressobj(zlib.MAX_WBITS + 16)
        record = member.decompress(chunk)
        assert member.eof and not member.unused_data  # exactly one member: the response
        assert record.startswith(b"WARC/1.0\r\n") and b"\r\nWARC-Type: response\r\n" in record
        assert b"WARC-Payload-Digest: sha1:" in record
        assert record.endswith(b"\r\n\r\n")
