package twinguard.ethics_test

import data.twinguard.ethics
import data.twinguard.test.fixtures

test_success_service_provision_needs_no_explicit_consent if {
	count(ethics.deny) == 0 with input as fixtures.with_consent(fixtures.personal, {"explicit": false})
}

test_fail_advertising_without_explicit_consent if {
	inp := fixtures.with_consent(
		object.union(fixtures.personal, {"purpose": "dpv:PersonalisedAdvertising"}),
		{"explicit": false, "purposes": ["dpv:PersonalisedAdvertising"]},
	)
	fixtures.codes(ethics.deny) == {"profiling_without_explicit_consent"} with input as inp
	[r.policy | some r in ethics.deny] == ["ethics"] with input as inp
}

test_success_advertising_with_explicit_consent if {
	inp := fixtures.with_consent(
		object.union(fixtures.personal, {"purpose": "dpv:Marketing"}),
		{"purposes": ["dpv:Marketing"]},
	)
	count(ethics.deny) == 0 with input as inp
}

test_fail_profiling_personal_data_without_subjects if {
	inp := object.union(fixtures.personal, {"purpose": "dpv:Marketing", "subjects": []})
	fixtures.codes(ethics.deny) == {"profiling_without_explicit_consent"} with input as inp
}

test_success_profiling_without_personal_data if {
	inp := fixtures.with_block(
		object.union(fixtures.personal, {"purpose": "dpv:Marketing"}),
		{"data_categories": []},
	)
	count(ethics.deny) == 0 with input as inp
}

test_fail_employer_never_receives_special_categories if {
	inp := object.union(
		fixtures.with_block(fixtures.personal, {"data_categories": ["pd:MentalHealth"]}),
		{"caller": object.union(fixtures.personal.caller, {"class": "employer"})},
	)
	fixtures.codes(ethics.deny) == {"power_imbalance"} with input as inp
}

test_fail_insurer_never_receives_special_categories if {
	inp := object.union(
		fixtures.with_block(fixtures.personal, {"data_categories": ["pd:Genetic"]}),
		{"caller": object.union(fixtures.personal.caller, {"class": "insurer"})},
	)
	fixtures.codes(ethics.deny) == {"power_imbalance"} with input as inp
}

test_success_employer_receives_ordinary_categories if {
	inp := object.union(fixtures.personal, {"caller": object.union(fixtures.personal.caller, {"class": "employer"})})
	count(ethics.deny) == 0 with input as inp
}
