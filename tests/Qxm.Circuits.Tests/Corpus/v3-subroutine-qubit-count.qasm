OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
def f(qubit[2] r) { }
f(q);
