# METADATA
# title: Intellectual property
# description: |
#   A proprietary block of another org is a black box: only the operations listed in
#   config.black_box_operations. A licensed block of another org needs a licence granted to the
#   caller's org in data.twinguard.licences. The owner org may do anything with its blocks.
package twinguard.ip

import data.twinguard.config
import data.twinguard.licences
import data.twinguard.result

# METADATA
# description: Denies white-box operations on another org's proprietary block.
deny contains result.reason("ip", "proprietary_operation", message) if {
	input.block.ip_class == "proprietary"
	not _owner
	not input.block.operation in config.black_box_operations
	message := concat("", [
		"operation ", input.block.operation, " on proprietary block ", input.block.name,
		" is reserved to its owner ", input.target.org,
	])
}

# METADATA
# description: Denies a licensed block to an org without a licence.
deny contains result.reason("ip", "licence_missing", message) if {
	input.block.ip_class == "licensed"
	not _owner
	not _licensed
	message := concat("", [
		input.caller.org, " holds no licence for block ", input.block.name, " of ", input.target.id,
	])
}

_owner if input.caller.org == input.target.org

_licensed if {
	some licence in licences.granted
	licence.licensee_org == input.caller.org
	licence.target == input.target.id
	licence.block == input.block.name
}
