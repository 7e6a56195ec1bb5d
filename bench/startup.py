#!/usr/bin/env python3
"""Whole-process start-up of qxm three ways, measured in one sitting.

"JIT" runs the framework-dependent build (`dotnet build -c Release`, JIT-compiled at start) as `dotnet qxm.dll`;
"ReadyToRun" a framework-dependent publish precompiled one assembly at a time (how the tool shipped before
docs/decisions/0033); "tool" the .NET tool installed from `dotnet pack` (self-contained, one composite ReadyToRun image
of qxm, its packages and the runtime). Rounds alternate the variants so a change in the machine's load hits all alike.
Printed per case and variant: median and best wall-clock seconds, and median and best CPU seconds (user + system) of
the process, which a shared machine's load inflates far less than wall time; with the goals (`qxm --version` 0.1 s,
embedded `qxm run examples/bell.yaml` 0.3 s). Each `run` uses a data directory made once beforehand (the first run
of a fresh directory also creates its database). Python standard library only.

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
    """Wall-clock and CPU seconds (user + system) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit("%s failed (%d): %s" % (" ".join(command), code, errors[-500:]))
    return seconds, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--skip-build", action="store_true", help="reuse the Release build, publish and package already there")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="qxm-startup-")
    try:
        packages = os.path.join(ROOT, "artifacts", "packages")
        r2r = os.path.join(ROOT, "artifacts", "startup", "r2r")
        if not args.skip_build:
            # The two runtime-specific builds share an intermediate folder whose precompiled assemblies the other's
            # build would take as up to date: each starts without it.
            intermediate = os.path.join(ROOT, "src", "Qxm.Cli", "obj", "Release", "net10.0", "linux-x64")
            sh("dotnet", "build", "src/Qxm.Cli", "-c", "Release", "-v", "q", "-nologo")
            shutil.rmtree(intermediate, ignore_errors=True)
            sh("dotnet", "publish", "src/Qxm.Cli", "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
               "-p:PublishReadyToRunComposite=false", "-o", r2r, "-v", "q", "-nologo")
            shutil.rmtree(intermediate, ignore_errors=True)
            sh("dotnet", "pack", "src/Qxm.Cli", "-c", "Release", "-v", "q", "-nologo")
        tools = os.path.join(work, "tools")
        sh("dotnet", "tool", "install", "qxm", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0")
        variants = {
            "JIT (dotnet qxm.dll)": ["dotnet", os.path.join(ROOT, "src", "Qxm.Cli", "bin", "Release", "net10.0", "qxm.dll")],
            "ReadyToRun per assembly": [os.path.join(r2r, "qxm")],
            "tool (composite)": [os.path.join(tools, "qxm")],
        }
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

        print("whole-process seconds, %d alternating rounds, machine %s (%d CPUs, load average %s)" % (
            args.rounds, os.uname().nodename, os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg())))
        print("%-28s %-26s %10s %8s %10s %8s %6s" % ("case", "variant", "wall med", "best", "cpu med", "best", "goal"))
        for case, (_, goal) in cases.items():
            for name in variants:
                wall = [w for w, _ in times[(name, case)]]
                cpu = [c for _, c in times[(name, case)]]
                print("%-28s %-26s %10.3f %8.3f %10.3f %8.3f %6.1f" % (
                    case, name, statistics.median(wall), min(wall), statistics.median(cpu), min(cpu), goal))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
