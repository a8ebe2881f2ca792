"""The reference: one FMU simulated directly with fmpy in one process, one instance for all steps.

stdin:  {"fmu": path, "start": {parameter: value}, "time": t0, "step_size": h, "inputs": [{name: value}, ...]}
stdout: [{output: value} after each step]
"""
import json
import sys

from fmpy import extract, read_model_description
from fmpy.fmi2 import FMU2Slave

request = json.load(sys.stdin)
model = read_model_description(request["fmu"])
refs = {v.name: v.valueReference for v in model.modelVariables}
outputs = [v.name for v in model.modelVariables if v.causality == "output"]
slave = FMU2Slave(guid=model.guid, unzipDirectory=extract(request["fmu"]),
                  modelIdentifier=model.coSimulation.modelIdentifier, instanceName="reference")
slave.instantiate()
time = float(request["time"])
size = float(request["step_size"])
slave.setupExperiment(startTime=time)
start = request["start"]
slave.setReal([refs[p] for p in start], [float(v) for v in start.values()])
slave.enterInitializationMode()
slave.exitInitializationMode()
trajectory = []
for inputs in request["inputs"]:
    slave.setReal([refs[n] for n in inputs], [float(v) for v in inputs.values()])
    slave.doStep(currentCommunicationPoint=time, communicationStepSize=size)
    time += size
    trajectory.append(dict(zip(outputs, slave.getReal([refs[n] for n in outputs]))))
slave.terminate()
slave.freeInstance()
json.dump(trajectory, sys.stdout)
