# METADATA
# title: Consent state
# description: |
#   Which data subjects of the input hold a valid consent that covers the call. Shared by the
#   privacy and ethics policies. A consent is valid when it is given, not expired at
#   context.time, granted to the caller's org, and lists the input's purpose.
package twinguard.consent

import data.twinguard.config

# METADATA
# description: The personal-data categories the block touches.
categories contains category if some category in input.block.data_categories

# METADATA
# description: The special (GDPR art. 9) categories the block touches.
special_categories contains category if {
	some category in categories
	category in config.special_categories
}

# METADATA
# description: True when the block touches personal data about at least one subject.
personal_data if {
	count(categories) > 0
	count(input.subjects) > 0
}

# METADATA
# description: Subjects with a valid consent covering every touched category.
covered_subjects contains consent.subject if {
	some consent in _covering
	consent.subject in input.subjects
}

# METADATA
# description: Subjects with a valid explicit consent covering every touched category.
explicitly_covered_subjects contains consent.subject if {
	some consent in _covering
	consent.subject in input.subjects
	consent.explicit == true
}

# METADATA
# description: Categories consented for every subject (by any of the subject's valid consents).
consented_categories contains category if {
	some category in {c | some consent in _valid; some c in consent.data_categories}
	every subject in input.subjects {
		some consent in _valid
		consent.subject == subject
		category in consent.data_categories
	}
}

_covering contains consent if {
	some consent in _valid
	every category in categories {
		category in consent.data_categories
	}
}

# Undefined when context.time does not parse: then no consent is valid (and shape denies).
_now := time.parse_rfc3339_ns(input.context.time)

_valid contains consent if {
	some consent in input.consents
	consent.status == "given"
	consent.recipient_org == input.caller.org
	input.purpose in consent.purposes
	_unexpired(object.get(consent, "expires", null), _now)
}

_unexpired(expires, _) if expires == null

_unexpired(expires, now) if time.parse_rfc3339_ns(expires) > now
