OPENQASM 2.0;
include "qelib1.inc";
gate g(t, t) a { rx(t) a; }
