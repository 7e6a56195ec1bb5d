// spec: examples/arrays.qasm (classical arrays: declaration, initialiser, indexing, sizeof, array arguments)
// status: valid
// distribution: 111:1
OPENQASM 3.0;
include "stdgates.inc";
array[int[8], 3] counts = {1, 2, 3};
array[float[64], 2, 2] angles = {{pi, 0.0}, {0.0, pi}};
int[8] middle = counts[1];
const uint[32] length = sizeof(counts);
def flip_where_two(readonly array[int[8], #dim=1] which, qubit[3] q) {
  for int i in [0:sizeof(which) - 1] {
    if (which[i] == 2) { x q[i]; }
  }
}
qubit[3] q;
bit[3] c;
counts[length - 1] = middle;
flip_where_two(counts, q);
rx(angles[1, 1]) q[0];
c = measure q;
