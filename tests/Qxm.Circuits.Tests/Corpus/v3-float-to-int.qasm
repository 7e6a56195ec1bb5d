OPENQASM 3.0;
include "stdgates.inc";
int n = 1.5;
