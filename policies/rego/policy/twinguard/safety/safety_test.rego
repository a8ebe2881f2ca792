package twinguard.safety_test

import data.twinguard.safety
import data.twinguard.test.fixtures

_as(class) := object.union(fixtures.actuation, {"caller": object.union(fixtures.actuation.caller, {"class": class})})

_emergency(inp) := object.union(inp, {"context": object.union(inp.context, {"mode": "emergency"})})

test_success_signed_actuation if {
	count(safety.deny) == 0 with input as fixtures.actuation
}

test_fail_unsigned_actuation if {
	inp := object.union(fixtures.actuation, {"context": object.union(fixtures.actuation.context, {"signed": false})})
	fixtures.codes(safety.deny) == {"unsigned_actuation"} with input as inp
}

test_success_unsigned_read_of_gateway_events if {
	inp := fixtures.with_block(
		object.union(fixtures.actuation, {"context": object.union(fixtures.actuation.context, {"signed": false})}),
		{"actuators": [], "operation": "subscribe"},
	)
	count(safety.deny) == 0 with input as inp
}

test_fail_hvac_moves_doors_in_emergency if {
	fixtures.codes(safety.deny) == {"emergency_lockout"} with input as _emergency(fixtures.actuation)
}

test_success_fire_system_moves_doors_in_emergency if {
	count(safety.deny) == 0 with input as _emergency(_as("fire-system"))
}

test_success_hvac_moves_dampers_in_emergency if {
	inp := fixtures.with_block(_emergency(fixtures.actuation), {"actuators": ["damper:floor-3"]})
	count(safety.deny) == 0 with input as inp
}

test_success_priority_by_caller_class if {
	every class, priority in {"fire-system": 100, "security": 80, "building": 60, "hvac": 40, "garden": 10} {
		safety.priority == priority with input as _as(class)
	}
}

test_success_no_priority_without_actuators if {
	safety.priority == 0 with input as fixtures.with_block(fixtures.actuation, {"actuators": []})
}
