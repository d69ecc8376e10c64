"""`syria-etl search`: full-text search of the warehouse from the command line.

`search_command` is a typer command function (registered in `flows/cli.py`). It prints one
block per hit: date, site and score, the headline, the URL and the snippet, the matched word
shown in bold reverse video between `[[` `]]` (kept, so the match is visible without colour and
when piped). `--refresh` brings the index up to date first (`warehouse.search.refresh_index`);
a missing index or warehouse exits with code 1 and a message saying how to build it; dates are
ISO days, both ends included.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from flows.settings import Settings

console = Console(soft_wrap=True)  # the terminal wraps; rich must not cut Arabic lines


def _day(value: str | None, name: str) -> dt.date | None:
    """An ISO day from an option, or a usage error naming the option."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"not an ISO date: {value!r}", param_hint=name) from None


def _marked(snippet: str) -> Text:
    """The snippet with each `[[…]]` span highlighted (the brackets stay)."""
    from warehouse.search import MARK_CLOSE, MARK_OPEN

    text = Text()
    rest = snippet
    while MARK_OPEN in rest and MARK_CLOSE in rest.split(MARK_OPEN, 1)[1]:
        before, after = rest.split(MARK_OPEN, 1)
        word, rest = after.split(MARK_CLOSE, 1)
        text.append(before)
        text.append(MARK_OPEN + word + MARK_CLOSE, style="bold reverse")
    text.append(rest)
    return text


def search_command(
    query: Annotated[str, typer.Argument(help="Words to find (Arabic; any form of a word).")],
    since: Annotated[
        str | None, typer.Option(help="First day (ISO date, included; the outlet's day).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last day (ISO date, included).")] = None,
    site: Annotated[str | None, typer.Option(help="Only this outlet (e.g. aawsat).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many articles.")] = 20,
    refresh: Annotated[
        bool, typer.Option(help="Update the search index from the warehouse first.")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", help="Warehouse directory (default: $SYRIA_ETL_DATA_DIR or ./data)."
        ),
    ] = None,
) -> None:
    """Full-text search over headlines and bodies (BM25, light-stemmed Arabic)."""
    from warehouse.search import refresh_index, search

    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        raise typer.BadParameter(f"{first} is after --until {last}", param_hint="--since")
    root = data_dir or Settings.from_env().data_dir
    try:
        if refresh:
            stats = refresh_index(root)
            console.print(
                f"index {stats['mode']}: {stats['articles']} articles, {stats['rekeyed']} "
                f"re-keyed, {stats['removed']} removed, {stats['seconds']} s",
                style="dim",
            )
        hits = search(root, query, since=first, until=last, site=site, limit=limit)
    except FileNotFoundError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    if hits.is_empty():
        console.print(f"no article matches {query!r}")
        return
    for row in hits.iter_rows(named=True):
        console.print(
            Text(f"{row['published_date']}  {row['site']}  score {row['score']:.2f}", style="dim")
        )
        console.print(Text(row["headline"] or "", style="bold"))
        console.print(Text(row["url"], style="cyan"))
        console.print(_marked(row["snippet"] or ""))
        console.print()


__all__ = ["search_command"]
