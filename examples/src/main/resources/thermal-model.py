import json, sys

# The HVAC company's thermal model: indoor temperature from the outdoor temperature and the
# number of occupants. Run as a black box: the payload on stdin, the answer on stdout.
request = json.load(sys.stdin)
predicted = 18.0 + 0.15 * request["outdoor_c"] + 0.3 * request.get("occupants", 0)
print(json.dumps({"predicted_c": round(predicted, 1)}))
