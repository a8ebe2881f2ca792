package twinguard.privacy_test

import data.twinguard.privacy
import data.twinguard.test.fixtures

test_success_valid_consent_allows if {
	count(privacy.deny) == 0 with input as fixtures.personal
}

test_success_no_personal_data_needs_no_consent if {
	count(privacy.deny) == 0 with input as object.union(
		fixtures.with_block(fixtures.personal, {"data_categories": []}),
		{"consents": []},
	)
}

test_success_no_subjects_needs_no_consent if {
	count(privacy.deny) == 0 with input as object.union(fixtures.personal, {"subjects": [], "consents": []})
}

test_success_consent_without_expiry_is_valid if {
	count(privacy.deny) == 0 with input as fixtures.with_consent(fixtures.personal, {"expires": null})
}

test_fail_no_consent_requests_one if {
	inp := object.union(fixtures.personal, {"consents": []})
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as inp
	privacy.remedies == {{
		"type": "request_consent",
		"subject": "subject:1",
		"recipient_org": "org:building-operator",
		"purpose": "dpv:ServiceProvision",
		"data_categories": ["pd:Location"],
		"explicit": false,
	}} with input as inp
}

test_fail_withdrawn_consent if {
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as fixtures.with_consent(
		fixtures.personal,
		{"status": "withdrawn"},
	)
}

test_fail_expired_consent if {
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as fixtures.with_consent(
		fixtures.personal,
		{"expires": "2026-11-24T09:29:59Z"},
	)
}

test_fail_unparsable_expiry_is_no_consent if {
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as fixtures.with_consent(
		fixtures.personal,
		{"expires": "next year"},
	)
}

test_fail_consent_to_other_org if {
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as fixtures.with_consent(
		fixtures.personal,
		{"recipient_org": "org:other"},
	)
}

test_fail_consent_for_other_purpose if {
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as fixtures.with_consent(
		fixtures.personal,
		{"purposes": ["dpv:Marketing"]},
	)
}

test_fail_consent_not_covering_every_category if {
	inp := fixtures.with_block(fixtures.personal, {"data_categories": ["pd:Location", "pd:Age"]})
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as inp
}

test_fail_consent_of_other_subject if {
	inp := object.union(fixtures.personal, {"subjects": ["subject:1", "subject:2"]})
	fixtures.codes(privacy.deny) == {"consent_missing"} with input as inp
	{o.subject | some o in privacy.remedies} == {"subject:2"} with input as inp
}

test_fail_special_category_without_explicit_consent if {
	inp := fixtures.with_consent(
		fixtures.with_block(fixtures.personal, {"data_categories": ["pd:MentalHealth"]}),
		{"explicit": false},
	)
	fixtures.codes(privacy.deny) == {"explicit_consent_required"} with input as inp
	[o.explicit | some o in privacy.remedies] == [true] with input as inp
}

test_success_special_category_with_explicit_consent if {
	inp := fixtures.with_block(fixtures.personal, {"data_categories": ["pd:MentalHealth"]})
	count(privacy.deny) == 0 with input as inp
}

test_success_implicit_consent_for_ordinary_category if {
	count(privacy.deny) == 0 with input as fixtures.with_consent(fixtures.personal, {"explicit": false})
}

test_success_fields_outside_consent_are_redacted if {
	inp := fixtures.with_block(
		fixtures.personal,
		{"fields": {"/room": "pd:Location", "/address": "pd:HouseNumber", "/age": "pd:Age"}},
	)
	{"type": "redact", "fields": ["/address", "/age"]} in privacy.obligations with input as inp
}

test_success_no_redaction_when_fields_are_consented if {
	inp := fixtures.with_block(fixtures.personal, {"fields": {"/room": "pd:Location"}})
	{o.type | some o in privacy.obligations} == {"notify_subject"} with input as inp
}

test_success_subject_is_notified if {
	privacy.obligations == {{
		"type": "notify_subject",
		"subject": "subject:1",
		"recipient_org": "org:building-operator",
		"purpose": "dpv:ServiceProvision",
		"data_categories": ["pd:Location"],
	}} with input as fixtures.personal
}

test_success_undeclared_fields_are_redacted_without_subjects if {
	inp := fixtures.with_block(
		object.union(fixtures.personal, {"subjects": [], "consents": []}),
		{"fields": {"/room": "pd:Location", "/diagnosis": "pd:Health"}},
	)
	privacy.obligations == {{"type": "redact", "fields": ["/diagnosis"]}} with input as inp
}

test_success_fields_are_redacted_when_block_declares_no_personal_data if {
	inp := fixtures.with_block(fixtures.personal, {"data_categories": [], "fields": {"/room": "pd:Location"}})
	privacy.obligations == {{"type": "redact", "fields": ["/room"]}} with input as inp
}
