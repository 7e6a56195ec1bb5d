// spec: examples/qpt.qasm (process tomography: preparation and measurement-basis gates around the process)
// status: valid
// distribution: 0:0.1464 1:0.8536
OPENQASM 3.0;
include "stdgates.inc";
gate pre q { h q; }
gate post q { s q; h q; }
qubit q;
bit c;
reset q;
pre q;
barrier q;
t q;
barrier q;
post q;
c = measure q;
