OPENQASM 3.0;
include "stdgates.inc";
const text n = 1;
