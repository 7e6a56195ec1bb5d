// spec: examples/t1.qasm (T1 experiment: a delay swept over durations in dt, with a calibrated measurement)
// status: valid
// distribution: 1:1
OPENQASM 3.0;
include "stdgates.inc";
const duration step = 100dt;
qubit q;
bit c;
reset q;
x q;
delay[3 * step] q;
c = measure q;
