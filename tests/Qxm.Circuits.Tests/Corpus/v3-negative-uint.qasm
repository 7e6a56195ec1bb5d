OPENQASM 3.0;
include "stdgates.inc";
uint u = -1;
