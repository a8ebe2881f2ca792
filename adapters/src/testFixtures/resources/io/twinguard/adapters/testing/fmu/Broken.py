"""An FMU whose step always fails: the fmu adapter must report the model as crashed."""
from pythonfmu import Fmi2Causality, Fmi2Slave, Fmi2Variability, Real


class Broken(Fmi2Slave):
    author = "test"
    description = "Fails at every step"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.room_c_start = 18.0
        self.outdoor_c = 5.0
        self.heating_w = 0.0
        self.room_c = 18.0
        self.register_variable(Real("room_c_start", causality=Fmi2Causality.parameter, variability=Fmi2Variability.fixed))
        self.register_variable(Real("outdoor_c", causality=Fmi2Causality.input))
        self.register_variable(Real("heating_w", causality=Fmi2Causality.input))
        self.register_variable(Real("room_c", causality=Fmi2Causality.output))

    def do_step(self, current_time, step_size):
        raise RuntimeError("the model broke")
