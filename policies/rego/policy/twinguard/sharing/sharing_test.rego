package twinguard.sharing_test

import data.twinguard.sharing
import data.twinguard.test.fixtures

_tank := {
	"caller": {"id": "spiffe://city.example/twin/farm-north", "org": "farm-north-co", "class": "farm", "auth": "mtls"},
	"target": {"id": "spiffe://city.example/twin/irrigation-tank", "org": "water-coop", "class": "irrigation-tank"},
	"block": {
		"kind": "data", "name": "levels", "operation": "read",
		"data_categories": [], "ip_class": "open", "actuators": [],
	},
	"purpose": "dpv:ServiceProvision",
	"subjects": [],
	"consents": [],
	"context": {"time": "2026-11-24T09:30:00Z", "mode": "normal", "signed": true},
}

_valve(name) := object.union(_tank, {"block": object.union(_tank.block, {
	"kind": "gateway", "name": concat("-", ["valve", name]), "operation": "open",
	"actuators": [concat(":", ["valve", name])],
})})

_as(inp, org) := object.union(inp, {"caller": object.union(inp.caller, {"org": org})})

test_success_member_opens_own_outlet if {
	count(sharing.deny) == 0 with input as _valve("north")
}

test_fail_member_opens_other_members_outlet if {
	fixtures.codes(sharing.deny) == {"allocation_not_held"} with input as _valve("south")
}

test_fail_stranger_reads_shared_resource if {
	fixtures.codes(sharing.deny) == {"not_a_member"} with input as _as(_tank, "bus-co")
}

test_success_member_sees_other_members_private_fields_redacted if {
	sharing.obligations == {{"type": "redact", "fields": ["/farms/south/crop", "/farms/south/schedule"]}} with input as _tank
}

test_success_other_member_sees_the_first_members_private_fields_redacted if {
	sharing.obligations == {{"type": "redact", "fields": ["/farms/north/crop", "/farms/north/schedule"]}} with input as _as(_tank, "farm-south-co")
}

test_success_owner_is_not_limited if {
	inp := _as(_valve("south"), "water-coop")
	count(sharing.deny) == 0 with input as inp
	count(sharing.obligations) == 0 with input as inp
}

test_success_other_resources_are_not_limited if {
	inp := object.union(_tank, {"target": object.union(_tank.target, {"class": "hvac"})})
	count(sharing.deny) == 0 with input as inp
	count(sharing.obligations) == 0 with input as inp
}
