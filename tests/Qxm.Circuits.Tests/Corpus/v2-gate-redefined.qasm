OPENQASM 2.0;
include "qelib1.inc";
gate h a { U(0,0,0) a; }
