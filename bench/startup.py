#!/usr/bin/env python3
"""Whole-process start-up of qxm before and after packaging it as a precompiled tool, measured in one sitting.

"before" runs the framework-dependent build (`dotnet build -c Release`, JIT-compiled at start) as `dotnet qxm.dll`;
"after" runs the .NET tool installed from `dotnet pack` (ReadyToRun, its own launcher). Rounds alternate before/after
so a change in the machine's load hits both alike; the medians and best rounds are printed with the goals
(`qxm --version` 0.1 s, embedded `qxm run examples/bell.yaml` 0.3 s). Each `run` uses a data directory made once
beforehand (the first run of a fresh directory also creates its database). Python standard library only.

Usage: python3 bench/startup.py [--rounds N] [--skip-build]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(*command, cwd=ROOT, env=None):
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (" ".join(command), done.stdout[-2000:]))
    return done.stdout


def timed(command, env):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit("%s failed (%d): %s" % (" ".join(command), done.returncode, done.stderr[-500:]))
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--skip-build", action="store_true", help="reuse the Release build and package already there")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="qxm-startup-")
    try:
        packages = os.path.join(ROOT, "artifacts", "packages")
        if not args.skip_build:
            sh("dotnet", "build", "src/Qxm.Cli", "-c", "Release", "-v", "q", "-nologo")
            sh("dotnet", "pack", "src/Qxm.Cli", "-c", "Release", "-v", "q", "-nologo")
        tools = os.path.join(work, "tools")
        sh("dotnet", "tool", "install", "qxm", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0")
        before = ["dotnet", os.path.join(ROOT, "src", "Qxm.Cli", "bin", "Release", "net10.0", "qxm.dll")]
        after = [os.path.join(tools, "qxm")]
        variants = {"before (JIT, dotnet qxm.dll)": before, "after (ReadyToRun tool)": after}
        cases = {"qxm --version": (["--version"], 0.1), "qxm run examples/bell.yaml": (["run", "examples/bell.yaml"], 0.3)}

        homes = {}
        for name, command in variants.items():
            env = dict(os.environ, QXM_HOME=os.path.join(work, "home-%d" % len(homes)), DOTNET_CLI_TELEMETRY_OPTOUT="1")
            timed(command + ["run", "examples/bell.yaml"], env)
            homes[name] = env

        times = {(v, c): [] for v in variants for c in cases}
        for _ in range(args.rounds):
            for case, (case_args, _) in cases.items():
                for name, command in variants.items():
                    times[(name, case)].append(timed(command + case_args, homes[name]))

        print("whole-process seconds, %d alternating rounds, machine %s (load average %s)" % (
            args.rounds, os.uname().nodename, " ".join("%.2f" % x for x in os.getloadavg())))
        print("%-28s %-30s %8s %8s %6s" % ("case", "variant", "median", "best", "goal"))
        for case, (_, goal) in cases.items():
            for name in variants:
                series = times[(name, case)]
                print("%-28s %-30s %8.3f %8.3f %6.1f" % (case, name, statistics.median(series), min(series), goal))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
