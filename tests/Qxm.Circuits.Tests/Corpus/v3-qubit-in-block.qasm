OPENQASM 3.0;
include "stdgates.inc";
if (true) { qubit a; }
