# METADATA
# title: Test fixtures
# description: Inputs the policy tests start from; each test changes what it is about.
package twinguard.test.fixtures

# METADATA
# description: A read of a citizen's data by the building, with a valid explicit consent.
personal := {
	"caller": {
		"id": "spiffe://city.example/twin/building-a",
		"org": "org:building-operator",
		"class": "building",
		"auth": "mtls",
	},
	"target": {"id": "spiffe://city.example/twin/citizen-1", "org": "org:citizens", "class": "citizen"},
	"block": {
		"kind": "data",
		"name": "accessibility-profile",
		"operation": "read",
		"data_categories": ["pd:Location"],
		"ip_class": "open",
		"actuators": [],
	},
	"purpose": "dpv:ServiceProvision",
	"subjects": ["subject:1"],
	"consents": [consent],
	"context": {"time": "2026-11-24T09:30:00Z", "mode": "normal", "signed": true},
}

# METADATA
# description: The valid consent of subject:1 in personal.
consent := {
	"id": "consent:1",
	"subject": "subject:1",
	"recipient_org": "org:building-operator",
	"purposes": ["dpv:ServiceProvision"],
	"data_categories": ["pd:Location", "pd:MentalHealth"],
	"explicit": true,
	"status": "given",
	"expires": "2027-01-01T00:00:00Z",
}

# METADATA
# description: A signed command by the HVAC twin that moves two doors, no personal data.
actuation := {
	"caller": {"id": "spiffe://city.example/twin/hvac-1", "org": "org:hvac", "class": "hvac", "auth": "mtls"},
	"target": {"id": "spiffe://city.example/twin/building-a", "org": "org:building-operator", "class": "building"},
	"block": {
		"kind": "gateway",
		"name": "doors",
		"operation": "command",
		"data_categories": [],
		"ip_class": "open",
		"actuators": ["door:floor-3-east", "window:floor-3-1"],
	},
	"purpose": "dpv:ServiceProvision",
	"subjects": [],
	"consents": [],
	"context": {"time": "2026-11-24T09:30:00Z", "mode": "normal", "signed": true},
}

# METADATA
# description: A call on a model block of another org, no personal data.
model := {
	"caller": {"id": "spiffe://city.example/twin/room-1", "org": "org:building-operator", "class": "room", "auth": "mtls"},
	"target": {"id": "spiffe://city.example/twin/hvac-room-1", "org": "org:hvac", "class": "hvac"},
	"block": {
		"kind": "model",
		"name": "comfort-model",
		"operation": "predict",
		"data_categories": [],
		"ip_class": "proprietary",
		"actuators": [],
	},
	"purpose": "dpv:ServiceProvision",
	"subjects": [],
	"consents": [],
	"context": {"time": "2026-11-24T09:30:00Z", "mode": "normal", "signed": false},
}

# METADATA
# description: The codes of a set of reasons.
codes(reasons) := {reason.code | some reason in reasons}

# METADATA
# description: The base input with a block changed.
with_block(base, changes) := object.union(base, {"block": object.union(base.block, changes)})

# METADATA
# description: The base input with its one consent changed.
with_consent(base, changes) := object.union(base, {"consents": [object.union(consent, changes)]})
