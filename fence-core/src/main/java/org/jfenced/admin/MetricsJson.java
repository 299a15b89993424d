package org.jfenced.admin;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape as {@code jfencectl --json} shows it: one entry per family with its type, help and points,
 * each point its labels and its value (a histogram's count, sum and cumulative buckets by upper bound).
 * A family without points is left out, as the text format leaves it out.
 */
final class MetricsJson {

    private MetricsJson() {
    }

    static List<Object> of(MetricSnapshots snapshots) {
        List<Object> families = new ArrayList<>();
        for (MetricSnapshot s : snapshots) {
            if (s.getDataPoints().isEmpty()) {
                continue;
            }
            Map<String, Object> family = new LinkedHashMap<>();
            family.put("name", s.getMetadata().getPrometheusName());
            family.put("type", type(s));
            family.put("help", s.getMetadata().getHelp());
            List<Object> points = new ArrayList<>();
            for (DataPointSnapshot p : s.getDataPoints()) {
                Map<String, Object> point = new LinkedHashMap<>();
                Map<String, Object> labels = new LinkedHashMap<>();
                for (Label l : p.getLabels()) {
                    labels.put(l.getName(), l.getValue());
                }
                point.put("labels", labels);
                values(p, point);
                points.add(point);
            }
            family.put("points", points);
            families.add(family);
        }
        return families;
    }

    private static String type(MetricSnapshot s) {
        if (s instanceof CounterSnapshot) {
            return "counter";
        }
        if (s instanceof GaugeSnapshot) {
            return "gauge";
        }
        if (s instanceof HistogramSnapshot) {
            return "histogram";
        }
        if (s instanceof SummarySnapshot) {
            return "summary";
        }
        if (s instanceof InfoSnapshot) {
            return "info";
        }
        return s instanceof StateSetSnapshot ? "stateset" : "unknown";
    }

    private static void values(DataPointSnapshot p, Map<String, Object> point) {
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
            point.put("value", c.getValue());
        } else if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
            point.put("value", g.getValue());
        } else if (p instanceof UnknownSnapshot.UnknownDataPointSnapshot u) {
            point.put("value", u.getValue());
        } else if (p instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
            point.put("count", h.getCount());
            point.put("sum", h.getSum());
            Map<String, Object> buckets = new LinkedHashMap<>();
            long cumulative = 0;
            for (ClassicHistogramBucket b : h.getClassicBuckets()) {
                cumulative += b.getCount();
                buckets.put(Double.isInfinite(b.getUpperBound()) ? "+Inf" : String.valueOf(b.getUpperBound()), cumulative);
            }
            point.put("buckets", buckets);
        } else if (p instanceof SummarySnapshot.SummaryDataPointSnapshot s) {
            point.put("count", s.getCount());
            point.put("sum", s.getSum());
            Map<String, Object> quantiles = new LinkedHashMap<>();
            for (Quantile q : s.getQuantiles()) {
                quantiles.put(String.valueOf(q.getQuantile()), q.getValue());
            }
            point.put("quantiles", quantiles);
        } else if (p instanceof StateSetSnapshot.StateSetDataPointSnapshot s) {
            Map<String, Object> states = new LinkedHashMap<>();
            s.forEach(state -> states.put(state.getName(), state.isTrue()));
            point.put("states", states);
        }
    }
}
