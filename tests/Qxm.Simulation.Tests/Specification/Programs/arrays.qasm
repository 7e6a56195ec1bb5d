// spec: examples/arrays.qasm (classical arrays: declaration, initialiser, indexing, sizeof, array arguments)
// status: valid
// expect: qasm.unsupported 6:1
// reason: classical arrays are read but not supported
OPENQASM 3.0;
array[int[8], 3] counts = {1, 2, 3};
int[8] middle = counts[1];
const uint[32] length = sizeof(counts);
