# Parses a scrape read on stdin with the Prometheus Python client's own parser (Debian package
# python3-prometheus-client) and prints its samples as JSON: [[name, {labels}, value], ...].
# Argument: "prometheus" for the text format 0.0.4, "openmetrics" for OpenMetrics 1.0.
import json
import math
import sys

if sys.argv[1] == "openmetrics":
    from prometheus_client.openmetrics.parser import text_string_to_metric_families
else:
    from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        value = s.value if math.isfinite(s.value) else str(s.value)
        samples.append([s.name, s.labels, value])
json.dump(samples, sys.stdout)
