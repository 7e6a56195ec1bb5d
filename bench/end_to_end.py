#!/usr/bin/env python3
"""Whole-process timings of qxm against its peers on the benchmark circuits, measured in one sitting.

For each circuit and round it runs, one after another (alternating, so a change in the machine's load hits
every program alike): `qxm run FILE --shots N` in a fresh data directory, then, where installed, qsim's
`qsim_base` on the same gates (qsim's text format, written by gen_circuits.py --qsim) and a QuEST runner
that reads OpenQASM. Each program's best round counts; the ratios are qxm / peer. Finally it prints
`qxm bench --end-to-end` for the same circuits: where qxm's own time goes, beside the engine-only figure.

Peers are found through environment variables, never installed or committed here:
  QSIM_BASE    path to qsim's qsim_base executable (built as its README says: make qsim)
  QUEST_RUNNER a command that takes an OpenQASM file and simulates it with QuEST
Python standard library only.

Usage: python3 bench/end_to_end.py [--qxm CMD] [--circuits DIR] [--only NAME,...] [--shots N] [--rounds N]
                                   [--threads N] [--extra ARG ...]
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command, env=None):
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit("%s failed (%d): %s" % (" ".join(command), done.returncode, done.stderr.strip()[-500:]))
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qxm", default=os.path.join(HERE, "..", "out", "qxm", "qxm"),
                    help="how to start qxm (publish first: dotnet publish src/Qxm.Cli -c Release -r linux-x64 -o out/qxm)")
    ap.add_argument("--circuits", default=os.path.join(HERE, "circuits"))
    ap.add_argument("--only", default="random_24_d10,random_26_d6,qft_24", help="circuit names, comma separated")
    ap.add_argument("--shots", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--extra", nargs="*", default=[], help="more arguments for qxm run (e.g. --backend sim.noisy)")
    args = ap.parse_args()
    qxm = shlex.split(args.qxm)
    names = [n for n in args.only.split(",") if n]

    qsim = os.environ.get("QSIM_BASE")
    quest = os.environ.get("QUEST_RUNNER")
    qsim_dir = None
    if qsim:
        qsim_dir = tempfile.mkdtemp(prefix="qxm-qsim-")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_circuits.py"), "--out", tempfile.mkdtemp(prefix="qxm-qasm-"),
                        "--qsim", qsim_dir], check=True, stdout=subprocess.DEVNULL)
    print("load average at start: %.1f %.1f %.1f" % os.getloadavg())
    print("peers: qsim %s, QuEST %s" % ("yes" if qsim else "not installed (QSIM_BASE unset)",
                                        "yes" if quest else "not installed (QUEST_RUNNER unset)"))

    best = {}
    for name in names:
        qasm = os.path.join(args.circuits, name + ".qasm")
        for _ in range(args.rounds):
            home = tempfile.mkdtemp(prefix="qxm-e2e-")
            try:
                s = timed(qxm + ["run", qasm, "--shots", str(args.shots), "--home", home] + args.extra)
            finally:
                shutil.rmtree(home, ignore_errors=True)
            best[(name, "qxm")] = min(best.get((name, "qxm"), s), s)
            if qsim:
                s = timed([qsim, "-c", os.path.join(qsim_dir, name + ".qsim"), "-d", "1000", "-t", str(args.threads), "-v", "0"])
                best[(name, "qsim")] = min(best.get((name, "qsim"), s), s)
            if quest:
                s = timed(shlex.split(quest) + [qasm])
                best[(name, "quest")] = min(best.get((name, "quest"), s), s)

    print("\n%-16s %10s %10s %10s %12s %12s" % ("circuit", "qxm s", "qsim s", "QuEST s", "qxm/qsim", "qxm/QuEST"))
    for name in names:
        q = best[(name, "qxm")]
        p = best.get((name, "qsim"))
        e = best.get((name, "quest"))
        print("%-16s %10.3f %10s %10s %12s %12s" % (
            name, q, "%.3f" % p if p else "-", "%.3f" % e if e else "-",
            "%.2f" % (q / p) if p else "-", "%.2f" % (q / e) if e else "-"))

    selected = tempfile.mkdtemp(prefix="qxm-sel-")
    for name in names:
        shutil.copy(os.path.join(args.circuits, name + ".qasm"), selected)
    print("\nqxm bench --end-to-end (seconds, best of %d):" % args.rounds)
    sys.stdout.flush()
    subprocess.run(qxm + ["bench", "--circuits", selected, "--end-to-end", "--shots", str(args.shots),
                          "--repetitions", str(args.rounds), "--threads", str(args.threads)], check=True)
    print("load average at end: %.1f %.1f %.1f" % os.getloadavg())


if __name__ == "__main__":
    main()
