# Renders bench/results/coldstart.json (written by bench/coldstart.sh) as Markdown tables and checks the
# targets of issue 19 against the C daemon of the same run.
# Usage: jq -r -f bench/coldstart-report.jq bench/results/coldstart.json

def fixed($d): if . == null then "-" else (. * pow(10; $d) | round) / pow(10; $d) | tostring end;
def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
def verdict(ok): if ok == null then "n/a" elif ok then "met" else "MISSED" end;
def median: if length == 0 then null else sort | .[length / 2 | floor] end;
def range_of: if length == 0 then "-" else "\(min | fixed(2))–\(max | fixed(2))" end;
def failures: (.errors_all_attempts // .errors) + (.unexpected_all_attempts // .unexpected);

def colds($d; $v): [.cold[] | select(.load.labels.daemon == $d and (.load.labels.vms | tonumber) == $v)];
def one($k; $d; $v): first(.[$k][] | select((.labels.daemon // .daemon) == $d and ((.labels.vms // .vms) | tonumber) == $v)) // null;
def sizes: [.footprint[] | .vms] | unique;
def row: "| " + join(" | ") + " |";

. as $r
| ($r.cold[0].load.labels.vms | tonumber) as $v0
| "## Cold start, warm, burst, footprint: jfenced vs C fence_virtd (\(.started))",
  "",
  "Machine: \(.machine.nproc) CPUs (\(.machine.cpu)), \(.machine.memory), Linux \(.machine.kernel), \(.machine.jdk); fence-virtd \(.machine.fence_virtd), libvirt \(.machine.libvirt); load average \(.machine.loadavg_start) at start, \(.machine.loadavg_end) at end (shared with other builds).",
  "Mix \(.settings.mix); cold = a fresh daemon's first \(.settings.cold_seconds) s at 1 client; warm = 16 clients for \(.settings.seconds) s after \(.settings.warm_up_seconds) s of unmeasured load; burst = 64 clients for \(.settings.seconds) s; jfenced JVM: \(.settings.jfenced_java_opts).",
  "",
  "### Cold (\($v0) VMs, one row per fresh daemon)",
  "",
  (["daemon", "ready ms", "CPU until ready ms", "first request ms", "its CPU ms", "req/s", "p50 ms", "p99 ms", "CPU ms/request", "threads at ready", "bg %"] | row),
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ($r.cold[] | [.load.labels.daemon + " (\(.load.labels.vms) VMs)", (.ready_ms | fixed(1)), (.cpu_at_ready_ms | fixed(0)), (.first_request_ms | fixed(2)), (.first_request_cpu_ms | fixed(0)),
      (.load.requests_per_second | fixed(0)), (.load.latency_ms.p50 | fixed(3)), (.load.latency_ms.p99 | fixed(2)),
      (.load.daemon.cpu_seconds_per_1000 | fixed(3)), (.threads_at_ready | tostring),
      (.load.others_cpu_share * 100 | fixed(0))] | row),
  "",
  "### Warm (16 clients) and burst (64 clients)",
  "",
  (["daemon", "VMs", "warm req/s", "warm p50 ms", "warm p99 ms", "burst req/s", "burst errors", "burst max ms", "CPU ms/request warm"] | row),
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  (sizes[] as $v | ("fence_virtd", "jfenced") as $d
   | ($r | one("warm"; $d; $v)) as $w | ($r | one("burst"; $d; $v)) as $b
   | select($w != null)
   | [$d, ($v | tostring), ($w.requests_per_second | fixed(0)), ($w.latency_ms.p50 | fixed(3)), ($w.latency_ms.p99 | fixed(2)),
      ($b.requests_per_second | fixed(0)), ($b | failures | tostring), ($b.max_ms_all_attempts | fixed(1)),
      ($w.daemon.cpu_seconds_per_1000 | fixed(3))] | row),
  "",
  "### Footprint",
  "",
  (["daemon", "VMs", "RSS after the load MB", "peak RSS MB", "threads", "idle CPU % of a core", "idle threads",
    "RSS after the quiet minute MB"] | row),
  "|---|---:|---:|---:|---:|---:|---:|---:|",
  ($r.footprint[] as $f | ($r | one("idle"; $f.daemon; $f.vms)) as $i
   | [$f.daemon, ($f.vms | tostring), ($f.rss_mb | fixed(1)), ($f.peak_rss_mb | fixed(1)), ($f.threads | tostring),
      ($i.core_percent | fixed(3)), ($i.threads // "-" | tostring), ($i.rss_mb | fixed(1))]
   | row),
  "",
  "### Targets (ratios against the C daemon in this run)",
  "",
  "| target | measured | verdict |",
  "|---|---|---|",
  ( [colds("jfenced"; $v0)[] | .load] as $jc | [colds("fence_virtd"; $v0)[] | .load] as $cc
    | ($jc | map(.requests_per_second) | median) as $jr | ($cc | map(.requests_per_second) | median) as $cr
    | ($jc | map(.latency_ms.p99) | median) as $jp | ($cc | map(.latency_ms.p99) | median) as $cp
    | ($jc | map(.daemon.cpu_seconds_per_1000) | median) as $ju | ($cc | map(.daemon.cpu_seconds_per_1000) | median) as $cu
    | ([colds("jfenced"; $v0)[] | .first_request_ms] | max) as $jf
    | (["cold throughput ≥ 1.0× C (medians of the fresh daemons)", "\(ratio($jr; $cr) | fixed(2))× (\($jr | fixed(0)) vs \($cr | fixed(0)) req/s)", verdict(if ratio($jr; $cr) == null then null else ratio($jr; $cr) >= 1 end)] | row),
      (["cold p99 ≤ 2× C", "\(ratio($jp; $cp) | fixed(2))× (\($jp | fixed(2)) vs \($cp | fixed(2)) ms)", verdict(if ratio($jp; $cp) == null then null else ratio($jp; $cp) <= 2 end)] | row),
      (["cold daemon CPU per request ≤ 2× C", "\(ratio($ju; $cu) | fixed(2))× (\($ju | fixed(3)) vs \($cu | fixed(3)) ms)", verdict(if ratio($ju; $cu) == null then null else ratio($ju; $cu) <= 2 end)] | row),
      (["first request after ready ≤ 20 ms (worst fresh daemon)", "\($jf | fixed(2)) ms", verdict(if $jf == null then null else $jf <= 20 end)] | row)),
  (sizes[] as $v | ($r | one("warm"; "jfenced"; $v)) as $j | ($r | one("warm"; "fence_virtd"; $v)) as $c
   | ratio($j.requests_per_second; $c.requests_per_second) as $x
   | ["warm c=16 throughput ≥ 4× C (\($v) VMs)", "\($x | fixed(2))×", verdict(if $x == null then null else $x >= 4 end)] | row),
  (sizes[] as $v | ($r | one("burst"; "jfenced"; $v)) as $b | select($b != null)
   | ["burst c=64: 0 errors, max ≤ 300 ms (\($v) VMs)", "\($b | failures) errors, max \($b.max_ms_all_attempts | fixed(1)) ms",
      verdict(($b | failures) == 0 and $b.max_ms_all_attempts <= 300)] | row),
  ($r.footprint[] | select(.daemon == "jfenced") as $f
   | (if $f.vms <= 100 then 80 else 100 end) as $lim
   | ["RSS ≤ \($lim) MB (\($f.vms) VMs)", "\($f.rss_mb | fixed(1)) MB", verdict($f.rss_mb <= $lim)] | row),
  ($r.idle[]? | select(.daemon == "jfenced" and .rss_mb != null)
   | ["RSS ≤ 80 MB (\(.vms) VMs) at rest, a quiet minute after the load", "\(.rss_mb | fixed(1)) MB", verdict(.rss_mb <= 80)] | row),
  ($r.footprint[] | select(.daemon == "jfenced" and .vms == $v0)
   | ["≤ 16 threads (one listener, backend libvirt)", "\(.threads) after the load", verdict(.threads <= 16)] | row),
  ([colds("jfenced"; $v0)[] | .ready_ms] | max as $m
   | ["ready ≤ 0.5 s (worst fresh daemon)", "\($m | fixed(0)) ms", verdict(if $m == null then null else $m <= 500 end)] | row),
  ($r.idle[]? | select(.daemon == "jfenced")
   | ["idle CPU ≤ 0.2 % of a core over \(.seconds) s", "\(.core_percent | fixed(3)) % (\(.cpu_ms) ms)", verdict(.core_percent <= 0.2)] | row),
  (if $r.ctl.wall_ms == null then empty else
   ["`jfencectl status` ≤ 0.25 s (median)", "\($r.ctl.wall_ms | fixed(0)) ms (\($r.ctl.wall_ms_trials | map(fixed(0)) | join(" / ")))", verdict($r.ctl.wall_ms <= 250)] | row end)
