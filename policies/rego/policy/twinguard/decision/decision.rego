# METADATA
# title: Decision
# description: |
#   The one document the broker asks for: data.twinguard.decision.result. A call is allowed only
#   when no policy denies it (fail closed: allow defaults to false). Every denial carries the
#   reasons of the policies that denied; arrays are sorted so that every engine returns the
#   same bytes.
package twinguard.decision

import data.twinguard.ethics
import data.twinguard.ip
import data.twinguard.privacy
import data.twinguard.safety
import data.twinguard.shape
import data.twinguard.sharing

# METADATA
# description: The decision document (see schema/decision.schema.json).
# entrypoint: true
result := {
	"allow": allow,
	"reasons": sort(_reasons),
	"obligations": sort(_obligations),
	"priority": _priority,
}

# METADATA
# description: True only when no policy denies.
default allow := false

allow if not _denied

_denied if count(_reasons) > 0

_reasons := (((shape.deny | privacy.deny) | (ip.deny | ethics.deny)) | safety.deny) | sharing.deny

_obligations contains obligation if {
	allow
	some obligation in privacy.obligations
}

_obligations contains obligation if {
	allow
	some obligation in sharing.obligations
}

_obligations contains obligation if {
	not allow
	some obligation in privacy.remedies
}

default _priority := 0

_priority := safety.priority if allow
