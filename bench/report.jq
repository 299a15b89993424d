# Renders bench/results/latest.json (written by bench/run.sh) as Markdown tables and checks the
# targets of the request-path benchmark. Usage: jq -r -f bench/report.jq bench/results/latest.json

def repeat($s; $n): [range(0; $n)] | map($s) | join("");

# A number with exactly $d decimals; "-" for null.
def fixed($d):
  if . == null then "-"
  else ((. * pow(10; $d)) | round) as $n
    | (if $n < 0 then "-" else "" end) as $sign
    | ($n | length | tostring) as $digits
    | (repeat("0"; [$d + 1 - ($digits | length), 0] | max) + $digits) as $p
    | if $d == 0 then $sign + $p
      else $sign + $p[0:($p | length) - $d] + "." + $p[($p | length) - $d:]
      end
  end;

def pct: if . == null then "-" else ((. - 1) * 100 | fixed(0)) as $p
  | (if ($p | startswith("-")) or $p == "0" then $p else "+" + $p end) + " %" end;
def share: if . == null then "-" else . * 100 | fixed(0) end;
def unit($u): if . == "-" then . else . + $u end;

# Markdown table with columns padded to equal width; the first column left-aligned, the rest right.
def table($header; $rows):
  ([$header] + $rows) as $all
  | [range(0; $header | length) as $i | [$all[][$i] | tostring | length] | max] as $w
  | def line($r): "| " + ([range(0; $r | length) as $i
        | ($r[$i] | tostring) as $s
        | if $i == 0 then $s + repeat(" "; $w[$i] - ($s | length))
          else repeat(" "; $w[$i] - ($s | length)) + $s end] | join(" | ")) + " |";
    line($header),
    ("|" + ([range(0; $w | length) as $i | repeat("-"; $w[$i] + 1) + (if $i == 0 then "-" else ":" end)] | join("|")) + "|"),
    ($rows[] | line(.));

def cell($d; $v; $c): first(.cells[] | select(.labels.daemon == $d and (.labels.vms | tonumber) == $v
                                            and .concurrency == $c)) // null;
def cost($d; $v): first(.daemons[] | select(.daemon == $d and .vms == $v)) // null;
def failures: if . == null then null
  else (.errors_all_attempts // .errors) + (.unexpected_all_attempts // .unexpected) end;
def worst: if . == null then null else .max_ms_all_attempts // .latency_ms.max end;
def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else $a / $b end;
def verdict(ok): if ok == null then "n/a" elif ok then "met" else "MISSED" end;
def sizes: [.cells[] | .labels.vms | tonumber] | unique;
def clients: [.cells[] | .concurrency] | unique;

. as $r
| "## Request path: jfenced vs C fence_virtd (\(.started))",
  "",
  "Machine: \(.machine.nproc) CPUs (\(.machine.cpu)), \(.machine.memory), Linux \(.machine.kernel), \(.machine.jdk); fence-virtd \(.machine.fence_virtd), libvirt \(.machine.libvirt); load average \(.machine.loadavg_start) at start, \(.machine.loadavg_end) at end.",
  "Load: mix \(.settings.mix) (an offon cycle is OFF then ON of one VM), \(.settings.seconds_per_cell) s per cell after \(.settings.warmup_seconds) s of warm-up, \(.settings.hash) request signatures and \(.settings.auth) challenge-response, \(.settings.key_bytes)-byte key. Latencies in ms from connect to reply byte; CPU is the daemon's user+system time per 1000 answered requests.",
  "jfenced JVM: `\(.settings.jfenced_java_opts)` (\(if .settings.jfenced_java_opts_overridden then "overridden with BENCH_JFENCED_JAVA_OPTS" else "bin/jfenced's defaults" end)); each daemon got \(.settings.daemon_warmup_seconds // 0) s of unmeasured 16-client load after start.",
  "",
  table(["VMs", "clients", "jfenced req/s", "p50", "p99", "max", "err", "CPU s/1k", "bg %",
         "C req/s", "p50", "p99", "max", "err", "CPU s/1k", "bg %", "req/s ×", "p50 ×"];
    [sizes[] as $v | clients[] as $c
     | cell("jfenced"; $v; $c) as $j | cell("fence_virtd"; $v; $c) as $f
     | [$v, $c,
        ($j.requests_per_second | fixed(0)), ($j.latency_ms.p50 | fixed(3)), ($j.latency_ms.p99 | fixed(3)),
        ($j | worst | fixed(1)), ($j | failures | fixed(0)),
        ($j.daemon.cpu_seconds_per_1000 | fixed(3)), ($j.others_cpu_share | share),
        ($f.requests_per_second | fixed(0)), ($f.latency_ms.p50 | fixed(3)), ($f.latency_ms.p99 | fixed(3)),
        ($f | worst | fixed(1)), ($f | failures | fixed(0)),
        ($f.daemon.cpu_seconds_per_1000 | fixed(3)), ($f.others_cpu_share | share),
        (ratio($j.requests_per_second; $f.requests_per_second) | fixed(2)),
        (ratio($j.latency_ms.p50; $f.latency_ms.p50) | fixed(2))]]),
  "",
  "max and err cover every attempt of a cell: err = requests without a reply plus wrong replies. A cell is measured again (up to \(.settings.attempts // 1) attempts) when other processes took over 10 % of the CPU, and the least disturbed attempt is shown: bg = share of the machine's CPU used by processes other than the generator and the daemon during the cell (background noise); × = jfenced / C.",
  "",
  "### Daemon cost",
  "",
  table(["", (sizes[] as $v | "jfenced \($v) VMs", "C \($v) VMs")];
    [["first answer after start, median (ms)", (sizes[] as $v | (cost("jfenced"; $v).first_answer_ms | fixed(0)),
                                                         (cost("fence_virtd"; $v).first_answer_ms | fixed(0)))],
     ["first answer, every start (ms)", (sizes[] as $v | (cost("jfenced"; $v).first_answer_ms_trials // [] | map(fixed(0)) | join(" / ")),
                                                          (cost("fence_virtd"; $v).first_answer_ms_trials // [] | map(fixed(0)) | join(" / ")))],
     ["RSS after the run (MB)", (sizes[] as $v | (cost("jfenced"; $v).rss_mb | fixed(1)),
                                                  (cost("fence_virtd"; $v).rss_mb | fixed(1)))],
     ["peak RSS (MB)", (sizes[] as $v | (cost("jfenced"; $v).peak_rss_mb | fixed(1)),
                                         (cost("fence_virtd"; $v).peak_rss_mb | fixed(1)))],
     (clients[] as $c | ["CPU s per 1000 requests, \($c) clients",
        (sizes[] as $v | (cell("jfenced"; $v; $c).daemon.cpu_seconds_per_1000 | fixed(3)),
                         (cell("fence_virtd"; $v; $c).daemon.cpu_seconds_per_1000 | fixed(3)))])]),
  "",
  "### Targets",
  "",
  table(["target", "measured", "verdict"];
    [(sizes[] as $v
      | ratio(cell("jfenced"; $v; 16).requests_per_second; cell("fence_virtd"; $v; 16).requests_per_second) as $x
      | ["throughput at 16 clients ≥ 3× C (\($v) VMs)", ($x | fixed(2) | unit("×")), verdict(if $x == null then null else $x >= 3 end)]),
     (sizes[] as $v
      | ratio(cell("jfenced"; $v; 1).latency_ms.p50; cell("fence_virtd"; $v; 1).latency_ms.p50) as $x
      | ["p50 at 1 client ≤ 1.5× C (\($v) VMs)", ($x | fixed(2) | unit("×")), verdict(if $x == null then null else $x <= 1.5 end)]),
     (if (sizes | length) >= 2 then
        (sizes | first) as $lo | (sizes | last) as $hi
        | clients[] as $c
        | ratio(cell("jfenced"; $hi; $c).requests_per_second; cell("jfenced"; $lo; $c).requests_per_second) as $t
        | ratio(cell("jfenced"; $hi; $c).latency_ms.p50; cell("jfenced"; $lo; $c).latency_ms.p50) as $l
        | ratio(cell("jfenced"; $hi; $c).daemon.cpu_seconds_per_1000;
                cell("jfenced"; $lo; $c).daemon.cpu_seconds_per_1000) as $u
        | ["jfenced \($hi) vs \($lo) VMs within 20 %, \($c) clients",
           "req/s \($t | pct), p50 \($l | pct) (CPU/request \($u | pct))",
           verdict(if $t == null or $l == null then null else ($t >= 0.8 and $t <= 1.2 and $l >= 0.8 and $l <= 1.2) end)]
      else empty end),
     (sizes[] as $v | cost("jfenced"; $v).rss_mb as $m
      | ["jfenced RSS ≤ 150 MB (\($v) VMs)", ($m | fixed(1) | unit(" MB")), verdict(if $m == null then null else $m <= 150 end)]),
     (sizes[] as $v | cost("jfenced"; $v).first_answer_ms as $s
      | ["jfenced first answer ≤ 2 s (\($v) VMs)", ($s | fixed(0) | unit(" ms")), verdict(if $s == null then null else $s <= 2000 end)])]),
  "",
  "### Generator ceiling (trivial responder, same generator, same mix)",
  "",
  table(["clients", "req/s", "p50", "p99", "err", "generator CPU µs/request", "responder CPU s/1k", "bg %"];
    [.ceiling | sort_by(.concurrency)[] | [.concurrency, (.requests_per_second | fixed(0)), (.latency_ms.p50 | fixed(3)),
                   (.latency_ms.p99 | fixed(3)), (failures | fixed(0)),
                   (.generator_cpu_us_per_request | fixed(1)), (.daemon.cpu_seconds_per_1000 | fixed(3)),
                   (.others_cpu_share | share)]]),
  "",
  (if (.jmh | length) > 0 then
     "### Codec (JMH, ns/op, sha256)",
     "",
     table(["benchmark", (.jmh | map(.key_bytes) | unique[] | "\(.)-byte key")];
       [(.jmh | map(.benchmark) | unique[]) as $b
        | [$b, ($r.jmh | map(.key_bytes) | unique[] as $k
                | first($r.jmh[] | select(.benchmark == $b and .key_bytes == $k)) | "\(.ns_per_op | fixed(0)) ± \(.error | fixed(0))")]]),
     ""
   else empty end)
