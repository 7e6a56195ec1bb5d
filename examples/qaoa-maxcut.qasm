// QAOA, p = 2, for MaxCut on the Wagner graph (the Moebius ladder on 8 nodes): 3-regular and not bipartite (the
// chords join nodes four apart on an 8-cycle, closing odd cycles). Its maximum cut is 10 of its 12 edges.
// Each layer applies exp(-i g C), C the cut size (per edge exp(i g/2 Z Z) up to phase), then exp(-i b X) on every qubit.
OPENQASM 3.0;
include "stdgates.inc";
input float[64] g1;
input float[64] b1;
input float[64] g2;
input float[64] b2;
gate edge(g) a, b { cx a, b; rz(-g) b; cx a, b; }
qubit[8] q;
h q;
edge(g1) q[0], q[1];
edge(g1) q[1], q[2];
edge(g1) q[2], q[3];
edge(g1) q[3], q[4];
edge(g1) q[4], q[5];
edge(g1) q[5], q[6];
edge(g1) q[6], q[7];
edge(g1) q[7], q[0];
edge(g1) q[0], q[4];
edge(g1) q[1], q[5];
edge(g1) q[2], q[6];
edge(g1) q[3], q[7];
rx(2*b1) q;
edge(g2) q[0], q[1];
edge(g2) q[1], q[2];
edge(g2) q[2], q[3];
edge(g2) q[3], q[4];
edge(g2) q[4], q[5];
edge(g2) q[5], q[6];
edge(g2) q[6], q[7];
edge(g2) q[7], q[0];
edge(g2) q[0], q[4];
edge(g2) q[1], q[5];
edge(g2) q[2], q[6];
edge(g2) q[3], q[7];
rx(2*b2) q;
