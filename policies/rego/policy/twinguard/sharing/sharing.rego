# METADATA
# title: Sharing
# description: |
#   Resources several organisations share (an irrigation tank two farms draw from). The allocation
#   is policy data (config.shared_resources, keyed by the resource twin's class): each member
#   organisation holds its own outlets (actuators) and its own part of the resource's data. A
#   member moves only the outlets allotted to it; of another member's part it sees only the fields
#   every member may see (the others are redacted); an organisation that is no member is refused.
#   The owner of the resource is not limited.
package twinguard.sharing

import data.twinguard.config
import data.twinguard.result

# METADATA
# description: Denies a call on a shared resource by an organisation that is not a member.
deny contains result.reason("sharing", "not_a_member", message) if {
	_limited
	not _members[input.caller.org]
	message := concat("", [input.caller.org, " has no allocation of the shared ", input.target.class])
}

# METADATA
# description: Denies a member moving an outlet allotted to another member.
deny contains result.reason("sharing", "allocation_not_held", message) if {
	_limited
	_members[input.caller.org]
	count(_foreign_actuators) > 0
	message := concat("", [
		concat(", ", sort(_foreign_actuators)), " allotted to another member, not to ", input.caller.org,
	])
}

# METADATA
# description: Redacts what a member may not see of the other members' parts of the resource.
obligations contains result.obligation("redact", {"fields": sort(_hidden)}) if count(_hidden) > 0

_resource := config.shared_resources[input.target.class]

_members := _resource.members

_limited if {
	_resource
	input.caller.org != input.target.org
}

_foreign_actuators contains actuator if {
	input.block.kind == "gateway"
	some actuator in input.block.actuators
	not actuator in _members[input.caller.org].actuators
}

_hidden contains pointer if {
	_limited
	_members[input.caller.org]
	some org, member in _members
	org != input.caller.org
	some field in _resource.private_fields
	pointer := concat("/", [member.part, field])
}
