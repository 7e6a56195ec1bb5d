// spec: examples/scqec.qasm (surface code cycle: an array of stabiliser outcomes kept across rounds)
// status: valid
// expect: qasm.unsupported 15:15
// reason: the syndromes are measured into a classical array; arrays hold values known before the run, measured bits
// live in bit registers
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] data;
qubit anc;
array[uint[1], 2] rounds;
for int r in [0:1] {
  reset anc;
  cx data[0], anc;
  cx data[1], anc;
  rounds[r] = measure anc;
}
