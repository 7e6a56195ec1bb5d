OPENQASM 3.0;
include "stdgates.inc";
def f(int a) { }
f(1, 2);
