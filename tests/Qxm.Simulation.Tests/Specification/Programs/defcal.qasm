// spec: examples/defcal.qasm (pulse-level calibrations of gates and measurement in a calibration grammar)
// status: sketch
// expect: target.pulse-calibration 6:1
// reason: the calibration bodies are pseudo-code in the specification; qxm keeps the calibration statements verbatim
// and the target check refuses them, since no backend it runs takes pulse-level calibration
defcalgrammar "openpulse";
defcal x $0 {
  play drive($0), gaussian(...);
}
