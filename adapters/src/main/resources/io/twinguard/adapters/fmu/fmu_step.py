"""One co-simulation step of an FMI 2.0 co-simulation FMU with fmpy, run inside the sandbox.

    fmu_step.py MODEL.fmu --describe     print {"variables": {name: causality}, "co_simulation": bool}
    fmu_step.py MODEL.fmu SPEC           run one step; SPEC is
                                         {"inputs": [name], "state": {output: parameter}, "outputs": [name]}

A step reads {"time": t, "step_size": h, "state": {output: value}, "inputs": {name: value}} on stdin,
starts a fresh instance at t with each state parameter set from the state value of its output, sets
the inputs, steps once and writes {"time": t + h, "state": {output: value}, "outputs": {name: value}}.
The instance lives for one step only: the caller carries the state (see the module README).
"""
import json
import sys

from fmpy import extract, read_model_description
from fmpy.fmi2 import FMU2Slave


def describe(model):
    return {
        "variables": {v.name: v.causality for v in model.modelVariables},
        "co_simulation": model.coSimulation is not None,
    }


def step(path, model, spec, request):
    refs = {v.name: v.valueReference for v in model.modelVariables}
    slave = FMU2Slave(guid=model.guid, unzipDirectory=extract(path),
                      modelIdentifier=model.coSimulation.modelIdentifier, instanceName="step")
    slave.instantiate()
    try:
        time = float(request["time"])
        size = float(request["step_size"])
        slave.setupExperiment(startTime=time)
        state = spec["state"]
        slave.setReal([refs[p] for p in state.values()], [float(request["state"][o]) for o in state])
        slave.enterInitializationMode()
        slave.exitInitializationMode()
        inputs = request.get("inputs", {})
        names = [n for n in spec["inputs"] if n in inputs]
        slave.setReal([refs[n] for n in names], [float(inputs[n]) for n in names])
        slave.doStep(currentCommunicationPoint=time, communicationStepSize=size)
        values = dict(zip(spec["outputs"], slave.getReal([refs[n] for n in spec["outputs"]])))
        carried = dict(zip(list(state), slave.getReal([refs[o] for o in state])))
        slave.terminate()
        return {"time": time + size, "state": carried, "outputs": values}
    finally:
        slave.freeInstance()


def main():
    path = sys.argv[1]
    model = read_model_description(path)
    if sys.argv[2] == "--describe":
        result = describe(model)
    else:
        result = step(path, model, json.loads(sys.argv[2]), json.load(sys.stdin))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
