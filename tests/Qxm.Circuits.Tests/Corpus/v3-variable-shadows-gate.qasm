OPENQASM 3.0;
include "stdgates.inc";
int h = 1;
