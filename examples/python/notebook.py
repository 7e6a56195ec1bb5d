# %% [markdown]
# # qxm from Python, notebook style
# Run each cell in Jupyter (or as a script). Start a server first:
# `qxm keys create --principal me --role submitter > key.txt` then `qxm serve --port 5080`,
# and `pip install --no-build-isolation ./clients/python`.

# %%
import math
import os

from qxm_client import Client, InvalidRequest

qxm = Client(os.environ.get("QXM_URL", "http://127.0.0.1:5080"), api_key=os.environ.get("QXM_API_KEY") or open("key.txt").read().strip())

# %% [markdown]
# ## A Bell pair from an OpenQASM string (as `qiskit.qasm3.dumps(circuit)` would give)

# %%
bell = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
run = qxm.submit(bell, name="notebook-bell", shots=2000, seed=7)
run = qxm.wait(run["id"], progress=lambda r: print("  ", r["state"]))
counts = qxm.results(run["id"])["points"][0]["counts"]
print({bits: n / 2000 for bits, n in sorted(counts.items())})

# %% [markdown]
# ## A sweep as an experiment dict: P(1) of ry(theta) traces sin²(θ/2)

# %%
sweep = qxm.submit({
    "version": 1,
    "name": "notebook-ry",
    "circuit": {"source": "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float theta;\nqubit q;\nbit c;\nry(theta) q;\nc = measure q;\n"},
    "parameters": {"theta": [i * math.pi / 8 for i in range(9)]},
    "shots": 4000,
    "seed": 1,
})
qxm.wait(sweep["id"])
for point in qxm.results(sweep["id"])["points"]:
    theta = point["parameters"]["theta"]
    measured = point["counts"].get("1", 0) / 4000
    print(f"theta={theta:5.3f}  P(1)={measured:.3f}  sin^2(theta/2)={math.sin(theta / 2) ** 2:.3f}")

# %% [markdown]
# ## Mistakes come back as problem details with line and column

# %%
try:
    qxm.submit(bell.replace("h q[0];", "hh q[0];"), name="notebook-typo")
except InvalidRequest as e:
    for d in e.diagnostics:
        print(f"line {d['line']}:{d['column']}: {d['message']}")

# %% [markdown]
# ## What happened, from the event log

# %%
for event in qxm.events(run=run["id"]):
    print(event["at"], event["from"], "->", event["to"])
