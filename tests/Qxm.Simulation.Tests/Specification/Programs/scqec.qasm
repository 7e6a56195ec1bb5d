// spec: examples/scqec.qasm (surface code cycle: an array of stabiliser outcomes kept across rounds)
// status: valid
// expect: qasm.unsupported 9:1
// reason: the syndromes are kept in a classical array
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] data;
qubit anc;
array[uint[1], 2] rounds;
for int r in [0:1] {
  reset anc;
  cx data[0], anc;
  cx data[1], anc;
}
