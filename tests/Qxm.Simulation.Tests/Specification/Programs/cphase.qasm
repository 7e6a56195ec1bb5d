// spec: examples/cphase.qasm (a controlled phase defined from U and CX-free building blocks, no include)
// status: valid
// distribution: 00:0.25 01:0.25 10:0.25 11:0.25
OPENQASM 3.0;
gate cx c, t { ctrl @ U(pi, 0, pi) c, t; }
gate phase(l) q { U(0, 0, l) q; }
gate cphase(l) a, b {
  phase(l / 2) a;
  cx a, b;
  phase(-l / 2) b;
  cx a, b;
  phase(l / 2) b;
}
qubit[2] q;
bit[2] c;
U(pi/2, 0, pi) q[0];
U(pi/2, 0, pi) q[1];
cphase(pi) q[0], q[1];
c = measure q;
