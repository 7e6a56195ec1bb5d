OPENQASM 3.0;
include "stdgates.inc";
qubit q;
delay[5] q;
