OPENQASM 3.0;
include "stdgates.inc";
qubit q;
if (1.5) x q;
