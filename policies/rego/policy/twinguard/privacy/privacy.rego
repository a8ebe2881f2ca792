# METADATA
# title: Privacy
# description: |
#   Consent and data minimisation. When a block touches personal-data categories about data
#   subjects, every subject needs a valid consent (see twinguard.consent) covering every touched
#   category; special categories need an explicit consent. Response fields whose category is
#   not consented for every subject (or, without subjects, not declared by the block) are redacted.
package twinguard.privacy

import data.twinguard.consent
import data.twinguard.result

# METADATA
# description: Denies when a subject has no valid consent covering the call.
deny contains result.reason("privacy", "consent_missing", message) if {
	consent.personal_data
	count(_unconsented) > 0
	message := concat("", [
		"a data subject has given ", input.caller.org, " no valid consent for ",
		input.purpose, " covering ", concat(", ", sort(consent.categories)),
	])
}

# METADATA
# description: Denies when special categories are touched without an explicit consent.
deny contains result.reason("privacy", "explicit_consent_required", message) if {
	consent.personal_data
	count(consent.special_categories) > 0
	count(_implicit) > 0
	message := concat("", [
		"special categories ", concat(", ", sort(consent.special_categories)),
		" need the explicit consent of every data subject",
	])
}

# METADATA
# description: Asks each subject without a (sufficient) consent for one.
remedies contains result.obligation("request_consent", {
	"subject": subject,
	"recipient_org": input.caller.org,
	"purpose": input.purpose,
	"data_categories": sort(consent.categories),
	"explicit": count(consent.special_categories) > 0,
}) if {
	consent.personal_data
	some subject in (_unconsented | _implicit_if_special)
}

# METADATA
# description: |
#   Redacts response fields (block.fields) whose category is not consented for every subject;
#   without subjects, those whose category the block does not declare in data_categories.
obligations contains result.obligation("redact", {"fields": sort(_redacted)}) if count(_redacted) > 0

# METADATA
# description: Tells each subject that their data was shared.
obligations contains result.obligation("notify_subject", {
	"subject": subject,
	"recipient_org": input.caller.org,
	"purpose": input.purpose,
	"data_categories": sort(consent.categories),
}) if {
	consent.personal_data
	some subject in input.subjects
}

_unconsented := {subject | some subject in input.subjects} - consent.covered_subjects

_implicit := consent.covered_subjects - consent.explicitly_covered_subjects

_implicit_if_special := _implicit if count(consent.special_categories) > 0

_implicit_if_special := set() if count(consent.special_categories) == 0

_redacted contains pointer if {
	some pointer, category in object.get(input.block, "fields", {})
	not category in _releasable
}

_releasable := consent.consented_categories if consent.personal_data

_releasable := consent.categories if not consent.personal_data
