# METADATA
# title: Safety
# description: |
#   Commands that move actuators must be signed; in emergency mode only life-safety callers move
#   doors and windows. An allowed actuation carries the caller class's priority, which the broker
#   uses to lease actuators (life safety before comfort). Actuator ids read "<kind>:<name>".
package twinguard.safety

import data.twinguard.config
import data.twinguard.result

# METADATA
# description: Denies an actuation whose request was not signed.
deny contains result.reason("safety", "unsigned_actuation", "a command that moves actuators must be signed") if {
	_actuation
	not input.context.signed == true
}

# METADATA
# description: Denies doors and windows to all but life-safety callers in emergency mode.
deny contains result.reason("safety", "emergency_lockout", message) if {
	_actuation
	input.context.mode == "emergency"
	not input.caller.class in config.life_safety_classes
	count(_restricted_actuators) > 0
	message := concat("", [
		"in emergency mode only life-safety systems move ", concat(", ", sort(_restricted_actuators)),
	])
}

# METADATA
# description: The caller's actuation priority, 0 when the call moves no actuator.
default priority := 0

# METADATA
# description: The caller's actuation priority, 0 when the call moves no actuator.
priority := object.get(config.priorities, input.caller.class, config.default_priority) if _actuation

_actuation if {
	input.block.kind == "gateway"
	count(input.block.actuators) > 0
}

_restricted_actuators contains actuator if {
	some actuator in input.block.actuators
	split(actuator, ":")[0] in config.emergency_restricted_actuator_kinds
}
