OPENQASM 3.0;
include "stdgates.inc";
qubit q;
pow(5000) @ x q;
