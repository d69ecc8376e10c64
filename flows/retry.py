"""Writing flows try once more after an infrastructure error, never after bad data.

Contract: `retry_infrastructure(fn)` wraps a flow's function (put it under `@flow`). When the
function raises an infrastructure error (`is_infrastructure_error`), the wrapper logs why, waits
`retry_delay()` seconds (`SYRIA_ETL_RETRY_DELAY`, default 60) and calls it once more as attempt
2; what the second attempt raises ends the run. Any other exception (a failed data-quality
check, a layout change, a validation error, a bad parameter) ends the run at once.

Infrastructure errors, looked for along the exception's chain of causes:
- the site or the network not answering (`InfrastructureError` such as
  `flows.ingest.SiteUnreachableError`, `ConnectionError`, `TimeoutError`, other `OSError`s
  but the ones a wrong path or a permission gives);
- the warehouse's files, catalog database or object store failing (DuckDB `IOException`,
  `HTTPException`, `ConnectionException`);
- another writer holding the warehouse past `SYRIA_ETL_LOCK_WAIT` (`WarehouseBusyError`);
- a Dask worker or its connection lost (`KilledWorker`, `CommClosedError`).

Prefect's own flow retries (`@flow(retries=…)`) are not used: in Prefect 3 the server retries
every failed flow run, bad data included, with no exception filter. Both attempts run inside one
flow run, so the alert hooks (`flows.alerts`) see only its final state: one failure notice when
the second attempt fails, none when it succeeds. `attempt()` is the attempt running now;
`flows.ingest._run_id` adds it to the run's id, so `runs` keeps a row for each attempt.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

import duckdb

from warehouse.lock import WarehouseBusyError

P = ParamSpec("P")
R = TypeVar("R")

DELAY_ENV = "SYRIA_ETL_RETRY_DELAY"
DEFAULT_DELAY = 60.0


class InfrastructureError(RuntimeError):
    """A failure of what the flow runs on, not of the data (`flows.ingest.SiteUnreachableError`)."""


_NOT_INFRASTRUCTURE = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)
_INFRASTRUCTURE = (
    InfrastructureError,
    WarehouseBusyError,
    OSError,  # ConnectionError, TimeoutError and the rest, but `_NOT_INFRASTRUCTURE`
    duckdb.IOException,
    duckdb.HTTPException,
    duckdb.ConnectionException,
)
_DASK_ERRORS = frozenset({"KilledWorker", "CommClosedError"})  # distributed, imported lazily
_attempt: ContextVar[int] = ContextVar("syria_etl_attempt", default=1)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        yield node
        node = node.__cause__ or node.__context__


def is_infrastructure_error(exc: BaseException) -> bool:
    """Whether `exc`, or an exception it was raised from, is an infrastructure error; the first
    exception of the chain that is either kind decides."""
    for found in _chain(exc):
        if isinstance(found, _NOT_INFRASTRUCTURE):
            return False
        if isinstance(found, _INFRASTRUCTURE):
            return True
        if any(cls.__name__ in _DASK_ERRORS for cls in type(found).__mro__):
            return True
    return False


def attempt() -> int:
    """The attempt of the flow function running now: 1, or 2 after an infrastructure error."""
    return _attempt.get()


def _second_attempt(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`fn(*args, **kwargs)` as attempt 2."""
    token = _attempt.set(2)
    try:
        return fn(*args, **kwargs)
    finally:
        _attempt.reset(token)


def retry_delay() -> float:
    """Seconds between the two attempts (`SYRIA_ETL_RETRY_DELAY`, default 60)."""
    return float(os.environ.get(DELAY_ENV, DEFAULT_DELAY))


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    from prefect import get_run_logger
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:  # `flow.fn(...)` called outside a run
        return logging.getLogger("syria_etl.retry")


def retry_infrastructure(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn`, called once more after `retry_delay()` seconds if it fails on infrastructure.

    The wrapper refers to module-level helpers only: a flow's function is pickled by value
    when Dask workers receive the run's context, and a ContextVar cannot be pickled.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_infrastructure_error(exc):
                raise
            delay = retry_delay()
            _logger().warning(
                "attempt 1 failed on infrastructure (%s: %s); trying once more in %g s",
                type(exc).__name__,
                exc,
                delay,
            )
        time.sleep(delay)
        return _second_attempt(fn, *args, **kwargs)

    return wrapper
