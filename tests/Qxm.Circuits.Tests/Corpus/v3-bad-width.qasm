OPENQASM 3.0;
include "stdgates.inc";
int[0] n = 1;
