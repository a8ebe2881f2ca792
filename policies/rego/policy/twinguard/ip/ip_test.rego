package twinguard.ip_test

import data.twinguard.ip
import data.twinguard.test.fixtures

test_success_black_box_operations_on_proprietary_block if {
	every operation in ["predict", "simulate", "invoke", "read"] {
		count(ip.deny) == 0 with input as fixtures.with_block(fixtures.model, {"operation": operation})
	}
}

test_fail_white_box_operations_on_proprietary_block if {
	every operation in ["export", "retrain", "inspect"] {
		fixtures.codes(ip.deny) == {"proprietary_operation"} with input as fixtures.with_block(
			fixtures.model,
			{"operation": operation},
		)
	}
}

test_success_owner_exports_own_proprietary_block if {
	inp := fixtures.with_block(
		object.union(fixtures.model, {"caller": object.union(fixtures.model.caller, {"org": "org:hvac"})}),
		{"operation": "export"},
	)
	count(ip.deny) == 0 with input as inp
}

test_success_licensed_block_with_licence if {
	count(ip.deny) == 0 with input as fixtures.with_block(fixtures.model, {"ip_class": "licensed", "operation": "export"})
}

test_fail_licensed_block_without_licence if {
	inp := object.union(
		fixtures.with_block(fixtures.model, {"ip_class": "licensed"}),
		{"caller": object.union(fixtures.model.caller, {"org": "org:stranger"})},
	)
	fixtures.codes(ip.deny) == {"licence_missing"} with input as inp
}

test_fail_licence_for_another_block if {
	inp := fixtures.with_block(fixtures.model, {"ip_class": "licensed", "name": "energy-model"})
	fixtures.codes(ip.deny) == {"licence_missing"} with input as inp
}

test_success_open_block_allows_everything if {
	count(ip.deny) == 0 with input as fixtures.with_block(fixtures.model, {"ip_class": "open", "operation": "export"})
}
