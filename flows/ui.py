"""`make ui` (`python -m flows.ui`): a Prefect server with something to look at in its UI.

It starts, in this order, and stops in reverse order on Ctrl-C (or when one of them dies):
1. `prefect server start` on 127.0.0.1, port `PREFECT_SERVER_API_PORT` (default 4200); the
   children get `PREFECT_API_URL`, `PREFECT_UI_API_URL` and `PREFECT_UI_URL` for that port, so
   the UI calls the right API and run links point at it. The server's database is SQLite in
   `PREFECT_HOME` by default; `PREFECT_API_DATABASE_CONNECTION_URL=postgresql+asyncpg://…`
   (a plain `postgresql://` URL is accepted and given the asyncpg driver) puts it on PostgreSQL;
   its log goes to `<data dir>/prefect-server.log`;
2. the bundled local aawsat site on a free port (`localsite.server`), unless `--base-url` names
   a site already running;
3. `syria-etl serve` for the outlet against that site into `--data-dir` (default `./data-ui`),
   logging to `<data dir>/serve.log`; against the local site, `SYRIA_ETL_RATE_PER_HOST`
   defaults to 50 requests/s;
4. one run of `ingest-<outlet>` (`run_deployment`), whose UI link is printed.

Edge cases: a port already taken fails at once with a message naming
`PREFECT_SERVER_API_PORT` (a second `make ui` does not attach to the first); a server or serve
process that exits early fails with the tail of its log. Children run in their own process
group and are stopped by id (SIGTERM, then SIGKILL after a grace period). `prefect_stack` is the
same machinery as a context manager; the end-to-end test drives it with PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORT = 4200
DEFAULT_DATA_DIR = Path("data-ui")
LOCAL_RATE = "50"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def asyncpg_url(url: str) -> str:
    """A PostgreSQL URL with the asyncpg driver Prefect's server needs; others unchanged."""
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    if scheme in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"):
        return f"postgresql+asyncpg://{rest}"
    return url


def shown_url(url: str) -> str:
    """A database URL with its password hidden, for printing."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def prefect_env(port: int, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of the children: the server's port, API and UI URLs, no telemetry."""
    env = dict(os.environ if base is None else base)
    api = f"http://127.0.0.1:{port}/api"
    env.update(
        PREFECT_SERVER_API_HOST="127.0.0.1",
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_UI_URL=f"http://127.0.0.1:{port}",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    database = env.get("PREFECT_API_DATABASE_CONNECTION_URL")
    if database:
        env["PREFECT_API_DATABASE_CONNECTION_URL"] = asyncpg_url(database)
    return env


def port_is_free(port: int) -> bool:
    """Whether 127.0.0.1:port can be bound now."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log file (empty when it does not exist)."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Child:
    """A process this module started, in its own process group, and its log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    _out: IO[bytes] = field(repr=False)

    def check(self) -> None:
        """Raise with the log's tail when the process has exited."""
        code = self.process.poll()
        if code is not None:
            raise RuntimeError(f"{self.name} exited with {code}; its log ({self.log}):\n"
                               f"{_tail(self.log)}")  # fmt: skip

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM to its process group, SIGKILL after `grace` seconds."""
        try:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(grace)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(10)
        except ProcessLookupError:
            pass
        finally:
            self._out.close()


def start(name: str, argv: list[str], env: Mapping[str, str], log: Path) -> Child:
    """Start a child in its own process group (Ctrl-C reaches us, and we stop it)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("ab")
    process = subprocess.Popen(
        argv, env=dict(env), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    return Child(name, process, log, out)


def wait_until(what: str, ready: Any, children: list[Child], timeout: float) -> Any:
    """Poll `ready()` until it returns a truthy value; fail when a child dies or time is up."""
    deadline = time.monotonic() + timeout
    while True:
        for child in children:
            child.check()
        try:
            value = ready()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:g} s")
        time.sleep(0.5)


@dataclass
class Stack:
    """A running server, the deployments served against a site, and how to reach them."""

    port: int
    data_dir: Path
    base_url: str
    children: list[Child]

    @property
    def ui_url(self) -> str:
        """The UI's address, e.g. `http://127.0.0.1:4200`."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The REST API's address."""
        return f"{self.ui_url}/api"

    def run_url(self, flow_run_id: str) -> str:
        """The link to a flow run in the UI (the one Prefect's own logs print)."""
        return f"{self.ui_url}/runs/flow-run/{flow_run_id}"

    def deployment(self, name: str) -> dict[str, Any]:
        """A deployment by `flow/deployment` name, as the API returns it."""
        r = httpx.get(f"{self.api_url}/deployments/name/{quote(name)}", timeout=10)
        r.raise_for_status()
        return dict(r.json())

    def flow_run(self, flow_run_id: str) -> dict[str, Any]:
        """A flow run as the API returns it."""
        r = httpx.get(f"{self.api_url}/flow_runs/{flow_run_id}", timeout=10)
        r.raise_for_status()
        return dict(r.json())

    def trigger(self, name: str, parameters: dict[str, Any] | None = None) -> str:
        """Start one run of a deployment now (`run_deployment`); its flow-run id."""
        from prefect.client.schemas.objects import FlowRun
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: self.api_url}):
            run: FlowRun = run_deployment(  # type: ignore[assignment]  # sync: not a coroutine
                name, parameters=parameters, timeout=0, as_subflow=False
            )
        return str(run.id)

    def wait(self, flow_run_id: str, timeout: float = 300.0) -> dict[str, Any]:
        """The flow run once it reaches a final state (Completed, Failed, Crashed, Cancelled)."""

        def done() -> dict[str, Any] | None:
            run = self.flow_run(flow_run_id)
            return run if run.get("state_type") in TERMINAL else None

        return dict(wait_until(f"flow run {flow_run_id}", done, self.children, timeout))


@contextmanager
def prefect_stack(
    port: int,
    base_url: str,
    data_dir: Path,
    *,
    outlet: str = "aawsat",
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 180.0,
) -> Iterator[Stack]:
    """Start the server and serve the outlet's deployments; stop both on exit."""
    if not port_is_free(port):
        raise RuntimeError(
            f"127.0.0.1:{port} is taken (another Prefect server?): stop it or set "
            "PREFECT_SERVER_API_PORT to another port"
        )
    data_dir = data_dir.resolve()
    child_env = prefect_env(port, env)
    children: list[Child] = []
    stack = Stack(port, data_dir, base_url, children)
    try:
        server = start(
            "prefect server",
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(port)],
            child_env, data_dir / "prefect-server.log",
        )  # fmt: skip
        children.append(server)

        def healthy() -> bool:
            return httpx.get(f"{stack.api_url}/health", timeout=5).status_code == 200

        wait_until("the Prefect server", healthy, children, startup_timeout)
        serve = start(
            "syria-etl serve",
            [sys.executable, "-m", "flows.cli", "serve", "--outlet", outlet, "--base-url",
             base_url, "--data-dir", str(data_dir)],
            child_env, data_dir / "serve.log",
        )  # fmt: skip
        children.append(serve)

        def served() -> bool:
            r = httpx.get(f"{stack.api_url}/deployments/name/ingest/ingest-{outlet}", timeout=5)
            return r.status_code == 200

        wait_until("the served deployments", served, children, startup_timeout)
        yield stack
    finally:
        for child in reversed(children):
            child.stop()


def main(argv: list[str] | None = None) -> int:
    """Start everything, trigger one ingest, print the link; serve until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m flows.ui", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help="the warehouse the served flows write (default ./data-ui)",
    )
    parser.add_argument("--outlet", default="aawsat", help="the outlet to serve (default aawsat)")
    parser.add_argument(
        "--base-url", default=None, help="fetch this running site instead of starting the local one"
    )
    args = parser.parse_args(argv)
    port = int(os.environ.get("PREFECT_SERVER_API_PORT") or DEFAULT_PORT)
    env = dict(os.environ)
    database = env.get("PREFECT_API_DATABASE_CONNECTION_URL")
    print(f"Prefect server database: {shown_url(asyncpg_url(database)) if database else 'SQLite'}"
          f"{'' if database else ' in ' + env.get('PREFECT_HOME', '~/.prefect')}")  # fmt: skip
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):  # stopped like Ctrl-C, children too
        signal.signal(stop_signal, _interrupt)
    try:
        return _run(args, port, env)
    except KeyboardInterrupt:  # Ctrl-C while starting: everything started is stopped already
        print("\nStopped.", file=sys.stderr)
        return 130


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM/SIGHUP into the KeyboardInterrupt that stops everything in order."""
    raise KeyboardInterrupt


def _run(args: argparse.Namespace, port: int, env: dict[str, str]) -> int:
    """The body of `main`: start, trigger, print, wait for Ctrl-C."""
    with ExitStack() as stack:
        base_url = args.base_url
        if base_url is None:
            from localsite.server import running_site

            base_url = stack.enter_context(running_site())
            env.setdefault("SYRIA_ETL_RATE_PER_HOST", LOCAL_RATE)
        print(f"Site: {base_url}; warehouse: {args.data_dir.resolve()}")
        print(f"Starting the Prefect server on 127.0.0.1:{port} and serving the deployments …")
        try:
            running = stack.enter_context(
                prefect_stack(port, base_url, args.data_dir, outlet=args.outlet, env=env)
            )
        except (RuntimeError, TimeoutError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        flow_run_id = running.trigger(f"ingest/ingest-{args.outlet}")
        print(f"\nPrefect UI:  {running.ui_url}")
        print(f"Ingest run:  {running.run_url(flow_run_id)}")
        print(f"Logs:        {args.data_dir.resolve()}/prefect-server.log, serve.log")
        print("Serving until Ctrl-C.", flush=True)
        try:
            final = running.wait(flow_run_id, timeout=1800)
            print(f"The ingest run ended {final['state_name']}.", flush=True)
            while True:
                for child in running.children:
                    child.check()
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nStopping …", flush=True)
        except (RuntimeError, TimeoutError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
