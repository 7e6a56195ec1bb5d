OPENQASM 2.0;
include "qelib1.inc";
gate g a { measure a -> c; }
