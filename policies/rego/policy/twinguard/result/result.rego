# METADATA
# title: Results
# description: |
#   Builds every reason and obligation the policies return, so that all of them have one shape:
#   reasons are {policy, code, message}; obligations are {type, ...fields}.
package twinguard.result

# METADATA
# description: A reason for a denial, naming the policy that denied.
reason(policy, code, message) := {"policy": policy, "code": code, "message": message}

# METADATA
# description: An obligation of the given type with extra fields (an object).
obligation(type, fields) := object.union(fields, {"type": type})
