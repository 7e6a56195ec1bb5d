OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit[2] c;
if (c[2] == 1) x q;
