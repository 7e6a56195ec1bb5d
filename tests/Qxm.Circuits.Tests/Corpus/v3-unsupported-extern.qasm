OPENQASM 3.0;
include "stdgates.inc";
extern f(int) -> int;
int r = f(2);
