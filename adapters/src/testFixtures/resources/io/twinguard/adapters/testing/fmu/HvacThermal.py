"""The HVAC company's thermal model of a room (UC1), built into an FMI 2.0 co-simulation FMU with
pythonfmu at test time. Its parameters are the company's intellectual property: the Room twin
co-simulates with it through the broker's fmu adapter and never receives it.

State: the room temperature. It starts from the parameter room_c_start, so a caller that carries
room_c from one step to the next (the adapter's contract) gets exactly the trajectory of one
long-running simulation.
"""
from pythonfmu import Fmi2Causality, Fmi2Slave, Fmi2Variability, Real


class HvacThermal(Fmi2Slave):
    author = "hvac-co"
    description = "Lumped thermal model of a room heated by an HVAC unit"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.capacity_j_per_k = 2.0e6
        self.loss_w_per_k = 150.0
        self.efficiency = 0.92
        self.room_c_start = 18.0
        self.outdoor_c = 5.0
        self.heating_w = 0.0
        self.room_c = 18.0
        for name in ("capacity_j_per_k", "loss_w_per_k", "efficiency", "room_c_start"):
            self.register_variable(Real(name, causality=Fmi2Causality.parameter, variability=Fmi2Variability.fixed))
        self.register_variable(Real("outdoor_c", causality=Fmi2Causality.input))
        self.register_variable(Real("heating_w", causality=Fmi2Causality.input))
        self.register_variable(Real("room_c", causality=Fmi2Causality.output))

    def exit_initialization_mode(self):
        self.room_c = self.room_c_start

    def do_step(self, current_time, step_size):
        flow = self.efficiency * self.heating_w - self.loss_w_per_k * (self.room_c - self.outdoor_c)
        self.room_c = self.room_c + step_size * flow / self.capacity_j_per_k
        return True
