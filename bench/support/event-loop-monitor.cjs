// Loaded into a benchmark's app server with `node --require` (bench:capacity, BENCH_SERVER_MONITOR=1): writes,
// as lines of JSON to <BENCH_MONITOR_DIR>/<pid>.jsonl, every time the event loop ran more than 15 ms late and
// every garbage-collection pause over 5 ms, with the wall-clock time, so that slow requests can be lined up
// with what held the server. Plain CommonJS, no dependencies: it runs before the app is loaded.
const { appendFileSync } = require("node:fs");
const path = require("node:path");
const { PerformanceObserver, constants } = require("node:perf_hooks");

const file = path.join(process.env.BENCH_MONITOR_DIR, `${process.pid}.jsonl`);
const TICK_MS = 5;
const LATE_MS = 15;
// V8's kinds of collection, as Node reports them.
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "young",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "full",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak",
};
let lines = [];
const note = (entry) => lines.push(JSON.stringify(entry));

let last = performance.now();
setInterval(() => {
  const at = performance.now();
  const late = at - last - TICK_MS;
  if (late > LATE_MS) note({ late: Math.round(late), wall: Date.now() });
  last = at;
}, TICK_MS).unref();

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.duration > 5)
      note({
        gc: KINDS[entry.detail?.kind] ?? "other",
        ms: Math.round(entry.duration),
        wall: Math.round(performance.timeOrigin + entry.startTime),
      });
  }
}).observe({ entryTypes: ["gc"] });

// Written once a second, synchronously (a few lines at most), so nothing is lost when the server is stopped.
setInterval(() => {
  if (lines.length === 0) return;
  appendFileSync(file, `${lines.join("\n")}\n`);
  lines = [];
}, 1000).unref();
