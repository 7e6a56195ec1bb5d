OPENQASM 3.0;
include "stdgates.inc";
qubit q;
if (true) { x q;
