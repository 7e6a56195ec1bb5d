OPENQASM 3.0;
include "stdgates.inc";
qubit q;
int i = 0;
while (i >= 0) { i += 1; }
