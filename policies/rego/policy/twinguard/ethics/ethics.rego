# METADATA
# title: Ethics
# description: |
#   Profiling and advertising with personal data need explicit consent of every subject, and
#   callers in a position of power over the subjects (employers, insurers) never receive
#   special-category data, whatever the consent says.
package twinguard.ethics

import data.twinguard.config
import data.twinguard.consent
import data.twinguard.result

# METADATA
# description: Denies profiling purposes without the explicit consent of every subject.
deny contains result.reason("ethics", "profiling_without_explicit_consent", message) if {
	count(consent.categories) > 0
	input.purpose in config.profiling_purposes
	not _all_explicit
	message := concat("", [input.purpose, " with personal data needs the explicit consent of every data subject"])
}

# METADATA
# description: Denies special-category data to callers in a position of power.
deny contains result.reason("ethics", "power_imbalance", message) if {
	input.caller.class in config.power_imbalance_classes
	count(consent.special_categories) > 0
	message := concat("", [
		"a caller of class ", input.caller.class, " never receives ",
		concat(", ", sort(consent.special_categories)),
	])
}

# Profiling without any listed subject has nobody's consent: it is denied too.
_all_explicit if {
	count(input.subjects) > 0
	every subject in input.subjects {
		subject in consent.explicitly_covered_subjects
	}
}
