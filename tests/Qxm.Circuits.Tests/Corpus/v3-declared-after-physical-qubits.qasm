OPENQASM 3.0;
include "stdgates.inc";
x $2;
qubit q;
