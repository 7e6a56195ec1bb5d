#!/usr/bin/env python3
"""Collects the invalid OpenQASM 2 programs of Qiskit's parser tests into a folder, one .qasm file each.

Qiskit's `test/python/qasm2/test_parse_errors.py` builds its invalid programs in code (token by token, with ddt
parametrisations) and hands each to `qiskit.qasm2.loads` inside an `assertRaises` block. This script runs that module
against small stand-ins for the modules it imports (ddt, qiskit.qasm2, qiskit.circuit, Qiskit's `test` package), so
neither Qiskit nor its Rust parser is needed: the stand-in `loads` records every program it is given while an error is
expected and raises the error the test waits for. Nothing of Qiskit is copied into this repository; point the script at
a checkout.

Programs given with non-default importer options (custom instructions, custom classical functions, strict mode) are
invalid only because of those options; they go into `<out>/with-options/` and are not part of the corpus proper.

Usage: python3 tests/tools/qiskit-invalid/collect.py QISKIT_CHECKOUT OUT_DIR
then:  QXM_QISKIT_INVALID=OUT_DIR dotnet test tests/Qxm.Circuits.Tests --filter QiskitInvalidCorpusTests
Python standard library only.
"""
import hashlib
import importlib.util
import itertools
import os
import sys
import tempfile
import types
import unittest

EXPECTING = [0]
RECORDED = []


class ParseError(Exception):
    """Stands in for qiskit.qasm2.QASM2ParseError."""


def loads(program, **options):
    given = {k: v for k, v in options.items() if v not in (None, False, (), [])}
    if EXPECTING[0]:
        RECORDED.append((program, bool(given)))
        raise ParseError("recorded")
    return object()


def load(filename, **options):
    if os.path.isdir(filename):
        raise ParseError("failed to read")
    with open(filename, encoding="utf-8") as f:
        return loads(f.read(), **options)


class Expecting:
    """Context manager of assertRaises: marks the programs given inside it as expected to fail."""

    def __init__(self, exception):
        self.exception = exception

    def __enter__(self):
        EXPECTING[0] += 1
        return self

    def __exit__(self, kind, value, traceback):
        EXPECTING[0] -= 1
        # Every error raised inside is the one the test waits for: the stand-in raises nothing else.
        return kind is not None and issubclass(kind, Exception)


class TestCase(unittest.TestCase):
    def assertRaises(self, exception, *args, **kwargs):  # noqa: N802 (unittest's name)
        if args:
            with Expecting(exception):
                args[0](*args[1:], **kwargs)
            return None
        return Expecting(exception)

    def assertRaisesRegex(self, exception, _pattern, *args, **kwargs):  # noqa: N802
        return self.assertRaises(exception, *args, **kwargs)


def ddt_module():
    module = types.ModuleType("ddt")

    def data(*values):
        def mark(f):
            f.ddt_values = list(values)
            return f
        return mark

    def idata(values):
        return data(*list(values))

    def unpack(f):
        f.ddt_unpack = True
        return f

    def ddt(cls):
        for name, f in list(vars(cls).items()):
            values = getattr(f, "ddt_values", None)
            if values is None:
                continue
            delattr(cls, name)
            for i, value in enumerate(values):
                setattr(cls, f"{name}_{i}", case(f, value, getattr(f, "ddt_unpack", False)))
        return cls

    def case(f, value, spread):
        def run(self):
            if spread and isinstance(value, dict):
                return f(self, **value)
            if spread and isinstance(value, (tuple, list)):
                return f(self, *value)
            return f(self, value)
        return run

    module.data, module.idata, module.unpack, module.ddt = data, idata, unpack, ddt
    return module


def stand_ins():
    ddt = ddt_module()
    qasm2 = types.ModuleType("qiskit.qasm2")
    qasm2.QASM2ParseError = ParseError
    qasm2.loads, qasm2.load = loads, load
    qasm2.CustomInstruction = lambda *a, **k: ("instruction", a, tuple(sorted(k.items())))
    qasm2.CustomClassical = lambda *a, **k: ("classical", a, tuple(sorted(k.items())))
    qasm2.LEGACY_CUSTOM_INSTRUCTIONS = ()
    qasm2.LEGACY_CUSTOM_CLASSICAL = ()
    library = types.ModuleType("qiskit.circuit.library")
    library.__getattr__ = lambda name: type(name, (), {})
    circuit = types.ModuleType("qiskit.circuit")
    circuit.Gate = type("Gate", (), {"__init__": lambda self, *a, **k: None})
    circuit.library = library
    qiskit = types.ModuleType("qiskit")
    qiskit.qasm2, qiskit.circuit = qasm2, circuit
    test = types.ModuleType("test")
    test.QiskitTestCase = TestCase

    def combine(**lists):
        names = list(lists)
        values = [dict(zip(names, combo)) for combo in itertools.product(*(lists[n] for n in names))]
        return lambda f: ddt.unpack(ddt.data(*values)(f))

    test.combine = combine
    sys.modules.update({"ddt": ddt, "qiskit": qiskit, "qiskit.qasm2": qasm2, "qiskit.circuit": circuit,
                        "qiskit.circuit.library": library, "test": test})


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.split("\n\n")[-2])
    checkout, out = sys.argv[1], sys.argv[2]
    source = os.path.join(checkout, "test", "python", "qasm2", "test_parse_errors.py")
    stand_ins()
    spec = importlib.util.spec_from_file_location("qiskit_parse_errors", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(stream=open(os.devnull, "w"), verbosity=0).run(suite)
    if result.errors:
        for test, trace in result.errors[:5]:
            print(f"{test}: {trace.strip().splitlines()[-1]}", file=sys.stderr)

    os.makedirs(os.path.join(out, "with-options"), exist_ok=True)
    seen = set()
    plain = with_options = 0
    for program, optioned in RECORDED:
        name = hashlib.sha256(program.encode("utf-8")).hexdigest()[:16] + ".qasm"
        folder = os.path.join(out, "with-options") if optioned else out
        if (folder, name) in seen:
            continue
        seen.add((folder, name))
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(program)
        if optioned:
            with_options += 1
        else:
            plain += 1
    print(f"{plain} programs invalid with the default options, {with_options} with non-default options; "
          f"{result.testsRun} tests run, {len(result.errors)} errors in the stand-ins")


if __name__ == "__main__":
    main()
