OPENQASM 3.0;
include "stdgates.inc";
int n = true && false;
float f = true;
