OPENQASM 2.0;
include "qelib1.inc";
OPENQASM 2.0;
