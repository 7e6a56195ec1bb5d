OPENQASM 3.0;
include "stdgates.inc";
qubit q;
bit c;
float n = 0;
c = measure q;
if (c == 1) { n = 1.5; }
