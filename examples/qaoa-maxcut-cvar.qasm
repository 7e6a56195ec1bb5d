// The QAOA circuit of qaoa-maxcut.qasm (p = 2 on the Wagner graph), measured: the cost hook of qaoa-maxcut-cvar.yaml
// reads cuts from these counts (bit i of a key, counted from the right, is node i).
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
bit[8] c;
c = measure q;
