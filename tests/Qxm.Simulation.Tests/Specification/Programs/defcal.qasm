// spec: examples/defcal.qasm (pulse-level calibrations of gates and measurement in a calibration grammar)
// status: sketch
// expect: target.pulse-calibration 8:1
// elsewhere: pulse-calibration
// reason: the calibration bodies are pseudo-code in the specification; qxm keeps the calibration statements verbatim,
// the simulator's target check refuses them (it would run the gates' standard definitions instead), and a target that
// declares it reads pulse-level calibration accepts them
defcalgrammar "openpulse";
defcal x $0 {
  play drive($0), gaussian(...);
}
