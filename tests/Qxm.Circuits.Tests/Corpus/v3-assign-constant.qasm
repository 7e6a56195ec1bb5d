OPENQASM 3.0;
include "stdgates.inc";
const int n = 1;
n = 2;
