"""A client of qxm's REST API (``/api/v1``) using only the standard library."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Union

from .errors import QxmError, WaitTimeout, error_for

Run = Dict[str, Any]
Experiment = Union[Mapping[str, Any], str]

TERMINAL_STATES = frozenset({"succeeded", "failed", "cancelled", "rejected", "archived"})
_OPENQASM = re.compile(r"^\s*(//[^\n]*\n\s*|/\*.*?\*/\s*)*OPENQASM\s", re.DOTALL)


class Client:
    """Talks to one qxm server as one API key, acting for one tenant (the key's first unless ``tenant`` says)."""

    def __init__(self, url: str, api_key: Optional[str] = None, *, tenant: Optional[str] = None, timeout: float = 30.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.tenant = tenant
        self.timeout = timeout

    # Submitting

    def submit(self, experiment: Experiment, *, name: str = "circuit", shots: int = 1024, backend: Optional[str] = None,
               seed: Optional[int] = None, idempotency_key: Optional[str] = None) -> Run:
        """Queues an experiment and returns its run (state ``queued``).

        ``experiment`` is a dict in experiment format v1 (the circuit inline), the text of an experiment YAML file, or an
        OpenQASM 2/3 program (what ``qiskit.qasm3.dumps`` produces), which ``name``, ``shots``, ``backend`` and ``seed``
        turn into an experiment. A retry with the same ``idempotency_key`` never submits twice."""
        headers = {"Idempotency-Key": idempotency_key or f"qxm-py-{uuid.uuid4().hex}"}
        if isinstance(experiment, str) and _OPENQASM.match(experiment):
            document: Dict[str, Any] = {"version": 1, "name": name, "circuit": {"source": experiment}, "shots": shots}
            if backend is not None:
                document["backend"] = backend
            if seed is not None:
                document["seed"] = seed
            return self._request("POST", "/api/v1/runs", body=json.dumps(document).encode(), content_type="application/json", headers=headers)
        if isinstance(experiment, str):
            return self._request("POST", "/api/v1/runs", body=experiment.encode(), content_type="application/yaml", headers=headers)
        return self._request("POST", "/api/v1/runs", body=json.dumps(dict(experiment)).encode(), content_type="application/json", headers=headers)

    def run(self, run_id: str) -> Run:
        """One run: state, backend, shots, provenance (fingerprint, seed, calibration), backend calls."""
        return self._request("GET", f"/api/v1/runs/{urllib.parse.quote(run_id, safe='')}")

    def wait(self, run_id: str, *, timeout: float = 600.0, poll: float = 0.5,
             progress: Optional[Callable[[Run], None]] = None) -> Run:
        """Waits until the run ends and returns it; ``progress`` is called with the run each time its state changes."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            run = self.run(run_id)
            if run["state"] != last:
                last = run["state"]
                if progress is not None:
                    progress(run)
            if run["state"] in TERMINAL_STATES:
                return run
            if time.monotonic() >= deadline:
                raise WaitTimeout(f"run {run_id} is still {run['state']} after {timeout} s")
            time.sleep(poll)

    def results(self, run_id: str) -> Dict[str, Any]:
        """The counts of a succeeded run: ``{"runId", "shots", "points": [{"index", "parameters", "counts"}, ...]}``.
        Raises ``Conflict`` when the run did not succeed."""
        return self._request("GET", f"/api/v1/runs/{urllib.parse.quote(run_id, safe='')}/results")

    def cancel(self, run_id: str) -> Run:
        """Cancels a run that has not finished; raises ``Conflict`` when it has."""
        return self._request("POST", f"/api/v1/runs/{urllib.parse.quote(run_id, safe='')}/cancel", body=b"{}", content_type="application/json")

    def runs(self, *, state: Optional[str] = None, backend: Optional[str] = None, limit: int = 100,
             search: Optional[str] = None) -> List[Run]:
        """Recent runs, newest first, filtered by state and backend on the server, and by ``search`` (a substring of the
        id, name or a tag) here."""
        query = {"limit": str(limit)}
        if state:
            query["state"] = state
        if backend:
            query["backend"] = backend
        runs: List[Run] = self._request("GET", "/api/v1/runs?" + urllib.parse.urlencode(query))
        if search:
            needle = search.lower()
            runs = [r for r in runs if needle in r["id"] or needle in r["name"].lower() or any(needle in t.lower() for t in r.get("tags", []))]
        return runs

    def backends(self) -> List[Dict[str, Any]]:
        return self._request("GET", "/api/v1/backends")

    def events(self, *, after: int = 0, run: Optional[str] = None, backend: Optional[str] = None,
               follow: bool = False) -> Iterator[Dict[str, Any]]:
        """Run state changes (and alerts) after event number ``after``, oldest first. With ``follow`` it keeps the
        connection open and yields events as they happen (a server-sent event stream) until the caller stops."""
        query = {"after": str(after)}
        if run:
            query["run"] = run
        if backend:
            query["backend"] = backend
        if not follow:
            while True:
                batch = self._request("GET", "/api/v1/events?" + urllib.parse.urlencode({**query, "follow": "false", "format": "json"}))
                yield from batch
                if len(batch) < 1000:
                    return
                query["after"] = str(batch[-1]["sequence"])
        request = self._build("GET", "/api/v1/events?" + urllib.parse.urlencode(query), accept="text/event-stream")
        with self._open(request, timeout=None) as response:
            data: List[str] = []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("data:"):
                    data.append(line[5:].strip())
                elif line == "" and data:
                    yield json.loads("\n".join(data))
                    data = []

    # Plumbing

    def _build(self, method: str, path: str, *, body: Optional[bytes] = None, content_type: Optional[str] = None,
               accept: str = "application/json", headers: Optional[Mapping[str, str]] = None) -> urllib.request.Request:
        request = urllib.request.Request(self.url + path, data=body, method=method)
        request.add_header("Accept", accept)
        request.add_header("X-Qxm-Client", "qxm-python")
        if self.api_key:
            request.add_header("Authorization", f"Bearer {self.api_key}")
        if self.tenant:
            request.add_header("X-Qxm-Tenant", self.tenant)
        if content_type:
            request.add_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        return request

    def _open(self, request: urllib.request.Request, timeout: Optional[float]):
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                problem = json.loads(raw) if raw else {}
            except ValueError:
                problem = {"title": raw.decode("utf-8", "replace")[:200]}
            if not isinstance(problem, dict):
                problem = {"detail": str(problem)}
            retry_after = e.headers.get("Retry-After")
            raise error_for(e.code, problem, float(retry_after) if retry_after and retry_after.isdigit() else None) from None

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        with self._open(self._build(method, path, **kwargs), timeout=self.timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None


__all__ = ["Client", "QxmError", "TERMINAL_STATES"]
