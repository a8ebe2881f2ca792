package twinguard.shape_test

import data.twinguard.shape
import data.twinguard.test.fixtures

test_success_fixtures_are_well_formed if {
	count(shape.deny) == 0 with input as fixtures.personal
	count(shape.deny) == 0 with input as fixtures.actuation
	count(shape.deny) == 0 with input as fixtures.model
}

test_fail_missing_fields_are_denied if {
	every field in ["caller", "target", "block", "purpose", "subjects", "consents", "context"] {
		fixtures.codes(shape.deny) == {"invalid_input"} with input as object.remove(fixtures.personal, [field])
	}
}

test_fail_bad_block_is_denied if {
	every change in [{"kind": "door"}, {"ip_class": "secret"}, {"actuators": "door:1"}, {"fields": []}] {
		fixtures.codes(shape.deny) == {"invalid_input"} with input as fixtures.with_block(fixtures.personal, change)
	}
}

test_fail_bad_consent_is_denied if {
	inp := fixtures.with_consent(fixtures.personal, {"explicit": "yes"})
	fixtures.codes(shape.deny) == {"invalid_input"} with input as inp
}

test_fail_bad_context_time_is_denied if {
	inp := object.union(fixtures.personal, {"context": object.union(fixtures.personal.context, {"time": "today"})})
	fixtures.codes(shape.deny) == {"invalid_input"} with input as inp
}
