OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
for int i [0:1] { x q[i]; }
