OPENQASM 3.0;
include "stdgates.inc";
input float k;
qubit q;
pow(k) @ x q;
