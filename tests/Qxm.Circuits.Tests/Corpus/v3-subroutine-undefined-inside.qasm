OPENQASM 3.0;
include "stdgates.inc";
def f() { x r; }
