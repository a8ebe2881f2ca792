# METADATA
# title: Input shape
# description: |
#   The policies read fields of the input; a missing field would make a deny rule undefined and
#   so let the call through. This package checks the shape the rules rely on (the broker also
#   validates against schema/input.schema.json), so that a malformed input is denied.
package twinguard.shape

import data.twinguard.result

# METADATA
# description: Denies an input that lacks a field the policies read.
deny contains result.reason("input", "invalid_input", "the policy input does not follow the input schema") if {
	not _well_formed
}

_well_formed if {
	_party(input.caller)
	input.caller.auth in {"mtls", "oidc"}
	_party(input.target)
	_block(input.block)
	is_string(input.purpose)
	_strings(input.subjects)
	is_array(input.consents)
	every consent in input.consents {
		_consent(consent)
	}
	is_boolean(input.context.signed)
	input.context.mode in {"normal", "emergency"}
	time.parse_rfc3339_ns(input.context.time)
}

_party(party) if {
	is_string(party.id)
	is_string(party.org)
	is_string(party.class)
}

_block(block) if {
	block.kind in {"gateway", "data", "model", "service"}
	is_string(block.name)
	is_string(block.operation)
	_strings(block.data_categories)
	block.ip_class in {"open", "licensed", "proprietary"}
	_strings(block.actuators)
	is_object(object.get(block, "fields", {}))
}

_consent(consent) if {
	is_string(consent.subject)
	is_string(consent.recipient_org)
	_strings(consent.purposes)
	_strings(consent.data_categories)
	is_boolean(consent.explicit)
	is_string(consent.status)
}

_strings(values) if {
	is_array(values)
	every value in values {
		is_string(value)
	}
}
