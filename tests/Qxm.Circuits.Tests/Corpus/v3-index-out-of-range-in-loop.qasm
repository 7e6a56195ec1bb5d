OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
for int i in [0:2] { x q[i]; }
