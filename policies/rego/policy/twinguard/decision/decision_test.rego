package twinguard.decision_test

import data.twinguard.decision
import data.twinguard.test.fixtures

test_success_allowed_call_has_no_reasons if {
	decision.result.allow with input as fixtures.personal
	decision.result.reasons == [] with input as fixtures.personal
	[o.type | some o in decision.result.obligations] == ["notify_subject"] with input as fixtures.personal
}

test_success_allowed_actuation_carries_priority if {
	decision.result == {"allow": true, "reasons": [], "obligations": [], "priority": 40} with input as fixtures.actuation
}

test_fail_denied_call_carries_every_reason_and_remedy if {
	inp := object.union(
		fixtures.with_block(
			fixtures.personal,
			{"data_categories": ["pd:Health"], "ip_class": "proprietary", "operation": "export"},
		),
		{"consents": [], "caller": object.union(fixtures.personal.caller, {"class": "insurer"})},
	)
	res := decision.result with input as inp
	not res.allow
	res.priority == 0
	{[r.policy, r.code] | some r in res.reasons} == {
		["ethics", "power_imbalance"],
		["ip", "proprietary_operation"],
		["privacy", "consent_missing"],
	}
	[o.type | some o in res.obligations] == ["request_consent"]
}

test_fail_denied_actuation_has_no_priority if {
	inp := object.union(fixtures.actuation, {"context": object.union(fixtures.actuation.context, {"signed": false})})
	res := decision.result with input as inp
	not res.allow
	res.priority == 0
}

test_fail_empty_input_is_denied if {
	res := decision.result with input as {}
	not res.allow
	[r.code | some r in res.reasons] == ["invalid_input"]
}

test_success_shared_resource_read_redacts_the_other_members_part if {
	inp := object.union(fixtures.actuation, {
		"caller": object.union(fixtures.actuation.caller, {"org": "farm-north-co", "class": "farm"}),
		"target": {"id": "spiffe://city.example/twin/irrigation-tank", "org": "water-coop", "class": "irrigation-tank"},
		"block": object.union(fixtures.actuation.block, {"kind": "data", "name": "levels", "operation": "read", "actuators": []}),
	})
	decision.result == {
		"allow": true, "reasons": [], "priority": 0,
		"obligations": [{"type": "redact", "fields": ["/farms/south/crop", "/farms/south/schedule"]}],
	} with input as inp
}
