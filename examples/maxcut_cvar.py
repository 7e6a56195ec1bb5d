#!/usr/bin/env python3
"""A cost hook for qxm optimizer loops (optimize.objective: hooks.post): the CVaR of the cut on the Wagner graph.

qxm sends one JSON document per evaluation on stdin (loop, index, run, parameters, shots, counts) and reads one
answer on stdout: {"value": number, "standardError": number}. CVaR at alpha is the mean cut of the best alpha
fraction of the shots: alpha = 1 is the expected cut, a smaller alpha rewards states that often hit a large cut,
which no Pauli-sum observable expresses. Usage: maxcut_cvar.py [ALPHA] [--log FILE] (FILE gets a line per call).
"""
import json
import math
import sys

# The Wagner graph of qaoa-maxcut.qasm: an 8-cycle and the four chords joining opposite nodes; the maximum cut is 10.
EDGES = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 0), (0, 4), (1, 5), (2, 6), (3, 7)]


def main(argv):
    alpha, log = 1.0, None
    args = iter(argv)
    for arg in args:
        if arg == "--log":
            log = next(args)
        else:
            alpha = float(arg)
    if not 0 < alpha <= 1:
        sys.exit("alpha must be in (0, 1]")

    request = json.load(sys.stdin)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{request['index']}\n")

    # A key's rightmost character is clbit 0, measured from node 0.
    cuts = sorted(((sum(key[-1 - a] != key[-1 - b] for a, b in EDGES), n) for key, n in request["counts"].items()), reverse=True)
    keep = alpha * sum(n for _, n in cuts)
    taken = total = squares = 0.0
    for cut, n in cuts:
        share = min(n, keep - taken)
        if share <= 0:
            break
        taken += share
        total += cut * share
        squares += cut * cut * share
    mean = total / taken
    variance = max(squares / taken - mean * mean, 0.0)
    json.dump({"value": mean, "standardError": math.sqrt(variance / taken), "alpha": alpha, "shots": taken}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
