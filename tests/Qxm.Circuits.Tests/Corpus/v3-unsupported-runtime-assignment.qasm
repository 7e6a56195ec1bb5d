OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
int n = 0;
c = measure q;
if (c == 1) { n = 1; }
