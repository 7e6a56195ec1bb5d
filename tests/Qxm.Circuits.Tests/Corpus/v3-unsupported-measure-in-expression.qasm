OPENQASM 3.0;
include "stdgates.inc";
qubit q;
if (measure q == 1) x q;
