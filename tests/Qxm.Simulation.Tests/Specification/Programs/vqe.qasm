// spec: examples/vqe.qasm (variational eigensolver: input parameters, an ansatz gate with a loop, an extern optimiser)
// status: valid
// expect: qasm.extern-unavailable 14:21
// reason: the optimiser is an extern function, which no backend qxm runs provides
OPENQASM 3.0;
include "stdgates.inc";
extern next_angle(float[64]) -> float[64];
input float theta;
gate ansatz(t) a, b { for int k in [1:2] { ry(t / k) a; cx a, b; } }
qubit[2] q;
bit[2] c;
ansatz(theta) q[0], q[1];
c = measure q;
float[64] updated = next_angle(theta);
