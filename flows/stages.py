"""Per-stage counts and timings of a run, progress bars on a terminal, and the task runner choice.

Contract:
- `StageClock` collects, per stage (in the order they were declared), counts and seconds, and at
  the end of a run publishes one log line per stage (`stage fetch: fetched 30 (2xx 28, 4xx 1,
  error 1) in 1.20 s`) and the same as the markdown artifact `<flow>-stages`. A stage that did
  nothing still has its line (zeros), so the lines of two runs always compare.
- Seconds are wall time in the flow process: `time()` sums the blocks it wraps; a stage run as
  futures (Dask) is measured from its first submission to its last result (`mark`), so it may
  overlap other stages.
- `progress()` draws a `rich` bar on stderr only when stderr is a terminal; otherwise it writes
  nothing at all, so non-interactive logs never hold escape codes.
- `Workers(task_runner, dask_address)`, entered at the start of a flow run, is where its batch
  tasks run: inline (`default`) or on Dask (`dask`). For Dask it takes the flow's own
  `DaskTaskRunner` when the flow was started on one (`with_runner`: the CLI), else it starts one
  itself from the flow's parameters (a served or work-pool deployment with `task_runner: dask`:
  a flow's task runner is fixed by its decorator in Prefect 3, the parameters are not). Either
  way the cluster and its client are made at once in a background thread, so the workers start
  and warm up (`dask_setup`) while the flow discovers and fetches; the first submission waits
  for them. Leaving it closes a runner it started.
- `BatchQueue` runs a batch task inline or submits it to the `Workers` and hands the outcomes to
  the consumer strictly in submission order, so loading stays in the flow process, one writer,
  batches in order. At most `window` batches are in flight.
- `Sealed(value)` carries a large task argument (a batch of fetched pages) as one pickled blob:
  Prefect does not walk it for futures and Dask neither hashes nor serialises it object by
  object (both cost more than the transfer; measured in `bench/dask_parse.py`).
- `with_runner(flow, "dask", address)` returns the flow on a `DaskTaskRunner`: a LocalCluster of
  2 worker processes × 1 thread by default (each preloads this module: `dask_setup` warms the
  parse path), the scheduler at `address` when given.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
import threading
import time
import uuid
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext

if TYPE_CHECKING:
    from prefect import Flow, Task
    from prefect.futures import PrefectFuture
    from prefect.task_runners import TaskRunner

    from flows.pipeline import BatchOutcome
    from sources.http import FetchResult

T = TypeVar("T")
V = TypeVar("V")
F = TypeVar("F", bound="Flow[Any, Any]")

TASK_RUNNERS = ("default", "dask")
# On the 2-core machine this is built on: two worker processes (the GIL bounds parsing).
LOCAL_CLUSTER: dict[str, Any] = {
    "n_workers": 2,
    "threads_per_worker": 1,
    "processes": True,
    "dashboard_address": ":0",  # its HTTP server on a free port, not a fixed 8787
    "preload": ["flows.stages"],  # each worker warms the parse path at start (`dask_setup`)
}

INGEST_STAGES: dict[str, tuple[str, ...]] = {
    "discover": ("discovered",),
    "plan": ("planned",),
    "fetch": ("fetched",),
    "process": ("parsed", "quarantined"),
    "load": ("loaded",),
}
REPARSE_STAGES: dict[str, tuple[str, ...]] = {
    "discover": ("discovered",),
    "process": ("parsed", "quarantined"),
    "load": ("loaded",),
}
ENRICH_STAGES: dict[str, tuple[str, ...]] = {
    "discover": ("discovered",),
    "process": ("enriched", "quarantined"),
    "load": ("loaded",),
}


@dataclass
class Stage:
    """Counts (in declaration order), their breakdowns and the seconds of one stage."""

    counts: dict[str, int]
    breakdown: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0
    first: float | None = None
    last: float | None = None

    def line(self, name: str) -> str:
        """`stage <name>: <count> <n> (<part> <n>, …), … in <s> s`."""
        parts = []
        for key, n in self.counts.items():
            detail = self.breakdown.get(key)
            text = f"{key} {n}"
            if detail:
                text += " (" + ", ".join(f"{k} {v}" for k, v in sorted(detail.items())) + ")"
            parts.append(text)
        return f"stage {name}: {', '.join(parts)} in {self.total_seconds():.2f} s"

    def total_seconds(self) -> float:
        """Summed seconds, or the first-to-last span when the stage ran as futures."""
        span = (self.last - self.first) if self.first is not None and self.last is not None else 0.0
        return self.seconds + span


class StageClock:
    """Counts and seconds per stage of one run; published at its end."""

    def __init__(self, flow_name: str, stages: dict[str, tuple[str, ...]]) -> None:
        self.flow_name = flow_name
        self.stages = {name: Stage(dict.fromkeys(keys, 0)) for name, keys in stages.items()}

    @contextmanager
    def time(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to `stage`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[stage].seconds += time.perf_counter() - start

    def mark(self, stage: str) -> None:
        """Extend `stage`'s span (first to last mark) to now: for work done by futures."""
        now = time.perf_counter()
        entry = self.stages[stage]
        entry.first = now if entry.first is None else entry.first
        entry.last = now

    def count(self, stage: str, key: str, n: int = 1, part: str | None = None) -> None:
        """Add `n` to `key` of `stage` (and to its breakdown `part` when given)."""
        entry = self.stages[stage]
        entry.counts[key] = entry.counts.get(key, 0) + n
        if part is not None:
            entry.breakdown.setdefault(key, Counter())[part] += n

    def fetched(self, results: Iterable[FetchResult]) -> None:
        """Count fetched pages by HTTP status class (`2xx`…`5xx`, `error` when none)."""
        for result in results:
            klass = f"{result.status // 100}xx" if result.status else "error"
            self.count("fetch", "fetched", part=klass)

    def processed(self, outcome: BatchOutcome, parsed_key: str = "parsed") -> None:
        """Count a batch's parsed pages, its quarantined rows by reason and what it loads."""
        counts = outcome.counts
        self.count("process", parsed_key, counts["loaded"] + counts["quarantined"])
        self.count("process", "quarantined", 0)
        quarantine = outcome.batch.quarantine
        if quarantine is not None and quarantine.height:
            for stage, reason in quarantine.select("stage", "reason").iter_rows():
                self.count("process", "quarantined", part=reason_key(stage, reason))
        self.count("load", "loaded", counts["loaded"])

    def lines(self) -> list[str]:
        """One line per stage, in declaration order."""
        return [entry.line(name) for name, entry in self.stages.items()]

    def markdown(self, run_id: str) -> str:
        """The stages as a markdown table."""
        rows = [
            f"| {name} | {entry.line(name).split(': ', 1)[1].rsplit(' in ', 1)[0]} "
            f"| {entry.total_seconds():.2f} |"
            for name, entry in self.stages.items()
        ]
        head = [f"## Stages of {self.flow_name} run {run_id}", "", "| stage | counts | seconds |"]
        return "\n".join([*head, "|---|---|---|", *rows])

    def publish(self, run_id: str) -> list[str]:
        """Log one line per stage and create the `<flow>-stages` artifact; returns the lines."""
        logger = get_run_logger()
        lines = self.lines()
        for line in lines:
            logger.info(line)
        create_markdown_artifact(
            key=f"{self.flow_name}-stages",
            markdown=self.markdown(run_id),
            description=f"Per-stage counts and seconds of {self.flow_name} run {run_id}",
        )
        return lines


def reason_key(stage: str, reason: str) -> str:
    """A bounded label for a quarantine reason: check lists collapse to `<stage>: failed checks`."""
    if "failed checks" in reason:
        return f"{stage}: failed checks"
    return reason


class _NoBar:
    """What `progress` yields off a terminal: advancing it does nothing."""

    def advance(self, n: int = 1) -> None:
        """Nothing to draw."""


class _Bar:
    """A `rich` progress bar's single task."""

    def __init__(self, progress: Any, task_id: Any) -> None:
        self._progress = progress
        self._task_id = task_id

    def advance(self, n: int = 1) -> None:
        """Move the bar by `n` items."""
        self._progress.advance(self._task_id, n)


@contextmanager
def progress(description: str, total: int) -> Iterator[_NoBar | _Bar]:
    """A `rich` bar on stderr when stderr is a terminal; a silent stand-in otherwise."""
    if total <= 0 or not sys.stderr.isatty():
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        yield _Bar(bar, bar.add_task(description, total=total))


class Sealed(Generic[V]):
    """A task argument carried as one pickled blob; `open()` gives the value back."""

    __slots__ = ("blob", "token")

    def __init__(self, value: V) -> None:
        self.blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.token = uuid.uuid4().hex  # each sealed value is a computation of its own

    def open(self) -> V:
        """The value sealed."""
        value: V = pickle.loads(self.blob)
        return value

    def __dask_tokenize__(self) -> str:
        return self.token


class Workers:
    """Where a flow run's batch tasks run: inline (`default`) or on Dask futures (`dask`)."""

    def __init__(self, name: str = "default", address: str | None = None) -> None:
        self.name = name
        self.address = address
        self._made = make_task_runner(name, address)  # validates the choice at once
        self.runner: TaskRunner[Any] | None = None
        self._owned = False
        self._warming: threading.Thread | None = None
        self._error: BaseException | None = None
        self._slots: int | None = None

    @property
    def on_futures(self) -> bool:
        """Whether batches are submitted as futures (Dask) rather than run inline."""
        return self.name == "dask"

    def slots(self) -> int:
        """Tasks that can run at once: 1 inline; on Dask, the cluster's worker threads (waits
        for the cluster)."""
        if not self.on_futures:
            return 1
        self.ready()
        if self._slots is None:
            client = getattr(self.runner, "client")  # noqa: B009
            self._slots = max(1, sum(client.nthreads().values()))
        return self._slots

    def parts(self, batch: Sequence[V], remaining: int = 1) -> list[list[V]]:
        """`batch` as the tasks to submit, `remaining` being the batches still to come, this one
        included: whole while there are batches enough for every worker (a task costs Prefect a
        task run, about a tenth of a 100-page task's time on a Dask worker); in near-equal parts
        at the end, so that the last batches (or a run of one batch) keep every worker busy.
        Inline, always whole."""
        slots = self.slots()
        if remaining >= slots:
            return [list(batch)]
        n = min(-(-slots // max(remaining, 1)), len(batch)) or 1
        size, extra = divmod(len(batch), n)
        bounds = [k * size + min(k, extra) for k in range(n + 1)]
        return [list(batch[bounds[k] : bounds[k + 1]]) for k in range(n)]

    def __enter__(self) -> Workers:
        if not self.on_futures:
            return self
        context = FlowRunContext.get()
        flows_own = context.task_runner if context else None
        if type(flows_own).__name__ == "DaskTaskRunner":
            self.runner = flows_own
        else:
            self.runner = self._made
            assert self.runner is not None
            self.runner.__enter__()
            self._owned = True
        self._warming = threading.Thread(target=self._warm, name="dask-warm-up", daemon=True)
        self._warming.start()
        return self

    def _warm(self) -> None:
        """Start (or connect to) the cluster now; workers preload and warm the parse path."""
        try:
            getattr(self.runner, "client")  # noqa: B009  # prefect-dask makes it on first use
        except BaseException as error:  # raised again at the first submission
            self._error = error

    def ready(self) -> None:
        """Wait until the cluster and its client are up; raise what starting them raised."""
        if self._warming is not None:
            start = time.perf_counter()
            self._warming.join()
            self._warming = None
            if self._error is None and (waited := time.perf_counter() - start) >= 0.05:
                _logger().info("waited %.2f s for the Dask workers to start", waited)
        if self._error is not None:
            raise self._error

    def submit(self, task: Task[..., T], *args: Any) -> PrefectFuture[T]:
        """Submit `task(*args)` to the Dask runner."""
        from prefect.utilities.callables import get_call_parameters

        self.ready()
        assert self.runner is not None
        parameters = get_call_parameters(task.fn, args, {})
        with warnings.catch_warnings():  # a batch of pages is meant to travel with its task
            warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
            return self.runner.submit(task, parameters)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._warming is not None:
            self._warming.join()  # never leave a cluster starting behind a closed runner
            self._warming = None
        if self._owned and self.runner is not None:
            self.runner.__exit__(kind, error, trace)
            self._owned = False


class BatchQueue(Generic[T]):
    """Runs a batch task inline or as futures; `consume` sees outcomes in submission order.

    `workers` (entered) says where; without it, `on_futures=True` submits to the flow's own task
    runner (`task.submit`), with a warning unless that is a DaskTaskRunner.
    """

    def __init__(
        self,
        task: Task[..., T],
        consume: Callable[[T], None],
        clock: StageClock,
        *,
        on_futures: bool | None = None,
        workers: Workers | None = None,
        window: int = 4,
    ) -> None:
        self.task = task
        self.consume = consume
        self.clock = clock
        self.workers = workers
        self.on_futures = workers.on_futures if workers is not None else bool(on_futures)
        self.window = window
        self.pending: deque[PrefectFuture[T]] = deque()
        if self.on_futures and workers is None:
            _warn_unless_dask()

    def put(self, *args: Any) -> None:
        """Process one batch: now (inline), or submit it and consume the oldest ready ones."""
        if not self.on_futures:
            with self.clock.time("process"):
                outcome = self.task(*args)
            self.consume(outcome)
            return
        if self.workers is not None:
            self.workers.ready()  # a cluster still starting is not the process stage's time
        self.clock.mark("process")
        submitted = (
            self.workers.submit(self.task, *args) if self.workers else self.task.submit(*args)
        )
        self.pending.append(submitted)
        self._drain(self.window)

    def _drain(self, keep: int) -> None:
        """Consume the oldest futures until at most `keep` are in flight."""
        while len(self.pending) > keep:
            outcome = self.pending.popleft().result()
            self.clock.mark("process")
            self.consume(outcome)

    def __enter__(self) -> BatchQueue[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self._drain(0)
        else:  # the run fails: what is in flight is not loaded (the task runner stops it)
            self.pending.clear()


def make_task_runner(name: str, address: str | None = None) -> TaskRunner[Any] | None:
    """The task runner called `name` (None: the flow's own default)."""
    if name not in TASK_RUNNERS:
        raise ValueError(f"unknown task runner {name!r}: choose one of {', '.join(TASK_RUNNERS)}")
    if name == "default":
        if address:
            raise ValueError("--dask-address needs --task-runner dask")
        return None
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs=dict(LOCAL_CLUSTER))


def with_runner(flow: F, name: str, address: str | None = None) -> F:
    """The flow, on the task runner `name` (`dask`: a LocalCluster, or the scheduler given)."""
    runner = make_task_runner(name, address)
    return flow if runner is None else flow.with_options(task_runner=runner)  # type: ignore[return-value]


def cli_runner(flow: F, name: str, address: str | None) -> F:
    """`with_runner` for the command line: a bad choice is a usage error."""
    import typer

    try:
        return with_runner(flow, name, address)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--task-runner") from error


def dask_setup(worker: object) -> None:
    """Dask's preload hook (`dask worker --preload flows.stages`): import the parse path, build
    the dictionaries and the validation schemas once when a worker starts, not in its first
    batch (that cost about 0.7 s a worker, measured in `bench/dask_parse.py`)."""
    import datetime as dt

    from flows.pipeline import process_fetched
    from sources.registry import OUTLETS, get_outlet
    from transforms.enrich import annotate

    annotate("قصف على ريف إدلب", "قال المرصد السوري إن قصفا استهدف مدينة حلب.", dt.date(2026, 1, 1))
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    outlets = [get_outlet(name) for name in OUTLETS]
    process_fetched(outlets[0], [], [], run_id="warm-up", now=now)  # frames, schemas, checks
    for outlet in outlets:  # each parser's first page (one without an article: rejected)
        with contextlib.suppress(Exception):  # warming up must never stop a worker
            outlet.parse_article("<html><body><h1>عنوان</h1><p>نص</p></body></html>", "")


def _logger() -> Any:
    """The run's logger inside a flow or task run, else this module's."""
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:
        import logging

        return logging.getLogger("syria_etl.stages")


def _warn_unless_dask() -> None:
    """Say so when a run asks for Dask futures but its flow was not put on a DaskTaskRunner."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if type(runner).__name__ != "DaskTaskRunner":
        get_run_logger().warning(
            "task_runner=dask but the flow runs on %s: pass BatchQueue(workers=Workers('dask')) "
            "or start it with flows.stages.with_runner(flow, 'dask') (the CLI's --task-runner)",
            type(runner).__name__,
        )
