OPENQASM 3.0;
include "stdgates.inc";
qubit q;
delay[-5ns] q;
