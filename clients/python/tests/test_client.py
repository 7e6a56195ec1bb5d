"""The client against a live qxm server: QXM_URL and QXM_API_KEY name it (an admin key); the .NET test suite starts
one and runs these (tests/Qxm.Server.Tests/Clients/PythonClientTests.cs)."""

import json
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import qxm_client  # noqa: E402
from qxm_client import Client  # noqa: E402

URL = os.environ.get("QXM_URL")
KEY = os.environ.get("QXM_API_KEY")

BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""


@unittest.skipUnless(URL and KEY, "QXM_URL and QXM_API_KEY name no server")
class ClientTests(unittest.TestCase):
    def setUp(self) -> None:
        self.client = Client(URL, KEY)

    def test_submit_dict_wait_with_progress_then_results(self) -> None:
        run = self.client.submit({"version": 1, "name": "py-dict", "circuit": {"source": BELL}, "shots": 500, "seed": 3, "tags": ["py"]})
        self.assertEqual("queued", run["state"])
        seen = []
        finished = self.client.wait(run["id"], timeout=120, poll=0.1, progress=lambda r: seen.append(r["state"]))
        self.assertEqual("succeeded", finished["state"])
        self.assertEqual("succeeded", seen[-1])
        results = self.client.results(run["id"])
        counts = results["points"][0]["counts"]
        self.assertEqual(500, sum(counts.values()))
        self.assertEqual({"00", "11"}, set(counts))

    def test_submit_openqasm_string_and_yaml_text(self) -> None:
        from_qasm = self.client.submit(BELL, name="py-qasm", shots=200, seed=1)
        yaml_text = "version: 1\nname: py-yaml\ncircuit:\n  source: |\n" + "".join(f"    {line}\n" for line in BELL.splitlines()) + "shots: 300\n"
        from_yaml = self.client.submit(yaml_text)
        self.assertEqual(200, self.client.wait(from_qasm["id"], timeout=120, poll=0.1)["shots"])
        self.assertEqual("py-yaml", self.client.wait(from_yaml["id"], timeout=120, poll=0.1)["name"])
        self.assertEqual(300, self.client.results(from_yaml["id"])["shots"])

    def test_list_and_search(self) -> None:
        run = self.client.submit(BELL, name="py-findme", shots=100)
        self.client.wait(run["id"], timeout=120, poll=0.1)
        found = self.client.runs(search="findme")
        self.assertEqual([run["id"]], [r["id"] for r in found])
        self.assertTrue(all(r["state"] == "succeeded" for r in self.client.runs(state="succeeded", limit=1000)))

    def test_errors_carry_problem_details(self) -> None:
        with self.assertRaises(qxm_client.InvalidRequest) as invalid:
            self.client.submit(BELL.replace("h q[0];", "nope q[0];"), name="py-bad")
        self.assertEqual(400, invalid.exception.status)
        self.assertTrue(invalid.exception.diagnostics)
        self.assertEqual(5, invalid.exception.diagnostics[0]["line"])  # the h on line 5
        with self.assertRaises(qxm_client.NotFound) as missing:
            self.client.run("r-00000000000000000000000000000000")
        self.assertEqual(404, missing.exception.problem["status"])
        with self.assertRaises(qxm_client.Unauthorized):
            Client(URL, "qxm_0000000000000000_not-a-key").runs()

    def test_cancel_a_queued_run(self) -> None:
        self._backend("hold", "sim.density")
        try:
            run = self.client.submit(BELL, name="py-cancel", backend="sim.density")
            cancelled = self.client.cancel(run["id"])
            self.assertEqual("cancelled", cancelled["state"])
            with self.assertRaises(qxm_client.Conflict):
                self.client.results(run["id"])
            with self.assertRaises(qxm_client.Conflict):
                self.client.cancel(run["id"])
        finally:
            self._backend("release", "sim.density")

    def test_events_listed_and_followed(self) -> None:
        run = self.client.submit(BELL, name="py-events", shots=100)
        self.client.wait(run["id"], timeout=120, poll=0.1)
        listed = [(e["from"], e["to"]) for e in self.client.events(run=run["id"])]
        self.assertIn(("running", "succeeded"), listed)
        followed = []
        for event in self.client.events(run=run["id"], follow=True):
            followed.append(event["to"])
            if event["to"] == "succeeded":
                break
        self.assertEqual([to for _, to in listed], followed)

    def _backend(self, action: str, backend: str) -> None:
        request = urllib.request.Request(f"{URL}/api/v1/backends/{backend}/{action}", data=json.dumps({"reason": "python client test"}).encode(),
                                         method="POST", headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


if __name__ == "__main__":
    unittest.main()
