OPENQASM 2.0;
include "qelib1.inc";
opaque magic a;
qreg q[1];
magic q[0];
